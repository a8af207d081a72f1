package org.jsonmmap.cli;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Versioned;

import tools.jackson.databind.json.JsonMapper;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * One version of a region as the tool prints it: the version number and the compact JSON of the
 * document, or of the part at a pointer ({@code json} is null when nothing is there).
 */
record Reading(long version, String json) {
    private static final int STABLE_READ_ATTEMPTS = 100;

    /**
     * Reads the latest version, the document text and its version number belonging together.
     *
     * @param reader an open reader
     * @param pointer the part to select, or null for the whole document
     * @return the reading, or empty when nothing was published yet
     */
    static Optional<Reading> latest(RegionReader reader, JsonPointer pointer) {
        // bytes() and version() are separate loads; versions only grow, so equal versions on both sides
        // of bytes() mean the bytes are that version's
        for (int attempt = 0; attempt < STABLE_READ_ATTEMPTS; attempt++) {
            long before = reader.version();
            Optional<byte[]> bytes = validBytes(reader);
            if (reader.version() == before) {
                if (bytes.isEmpty()) {
                    return Optional.empty();
                }
                byte[] doc = bytes.get();
                String json = pointer == null ? JsonText.compact(new String(doc, StandardCharsets.UTF_8))
                        : JsonText.at(doc, pointer);
                return Optional.of(new Reading(before, json));
            }
        }
        // a writer publishing faster than we can copy: take a version as one snapshot (parsed, so valid)
        Optional<Versioned<JsonNode>> snapshot;
        try {
            snapshot = reader.snapshot();
        } catch (InvalidJsonException e) {
            throw new CliException(ExitCode.CORRUPT, e.getMessage(), e);
        }
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = pointer == null ? snapshot.get().value() : snapshot.get().value().at(pointer);
        String json = node.isMissingNode() ? null : JsonMapper.shared().writeValueAsString(node);
        return Optional.of(new Reading(snapshot.get().version(), json));
    }

    /**
     * The reader's bytes, which it hands out only after the same validation as a parse: a payload any writer
     * (another language's, a third party's) stored that is cut short, holds two values, is not UTF-8, has a
     * byte-order mark or nests deeper than the reader's limit is an error with exit code 4 (the region is
     * bad, not the user's input), as for {@code get --pointer} and {@code verify}.
     */
    private static Optional<byte[]> validBytes(RegionReader reader) {
        try {
            return reader.bytes();
        } catch (InvalidJsonException e) {
            throw new CliException(ExitCode.CORRUPT, e.getMessage() + " (docs/FORMAT.md 3.3: a payload is exactly"
                    + " one JSON value)", e);
        }
    }

    /**
     * Compiles a JSON Pointer given on the command line.
     *
     * @param pointer e.g. {@code /db/url}, or null
     * @return the pointer, or null for none
     * @throws CliException (usage) if it is malformed
     */
    static JsonPointer pointer(String pointer) {
        if (pointer == null) {
            return null;
        }
        try {
            return JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "invalid JSON Pointer '" + pointer + "': it must be empty or"
                    + " start with '/', e.g. /db/url");
        }
    }

    /**
     * The text to print: the JSON alone, or wrapped as {@code {"version":N,"value":...}}.
     *
     * @param withVersion whether to wrap
     * @param raw whether a string (unwrapped) prints as its text, without quotes or escapes, like {@code jq -r}
     * @param pretty whether to indent
     * @return the text
     */
    String render(boolean withVersion, boolean raw, boolean pretty) {
        String text = withVersion ? "{\"version\":" + version + ",\"value\":" + json + "}" : json;
        if (raw && text.startsWith("\"")) {
            return JsonMapper.shared().readTree(text).asString();
        }
        return pretty ? JsonText.pretty(text) : text;
    }
}
