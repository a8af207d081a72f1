package org.jsonmmap.cli;

import java.util.Optional;

import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.RawSnapshot;
import org.jsonmmap.RegionReader;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

/**
 * One version of a region as the tool prints it: the version number and the compact JSON of the
 * document, or of the part at a pointer ({@code json} is null when nothing is there).
 */
record Reading(long version, String json) {
    /**
     * Reads the latest version, the document text and its version number belonging together.
     *
     * @param reader an open reader
     * @param pointer the part to select, or null for the whole document
     * @return the reading, or empty when nothing was published yet
     */
    static Optional<Reading> latest(RegionReader reader, JsonPointer pointer) {
        // the raw snapshot's bytes and version were read together (no retry loop); it holds only a payload
        // that passed the same validation as a parse
        Optional<RawSnapshot> snapshot = validSnapshot(reader);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        RawSnapshot s = snapshot.get();
        String json = pointer == null ? JsonText.compact(s.text()) : JsonText.at(s.toByteArray(), pointer);
        return Optional.of(new Reading(s.version(), json));
    }

    /**
     * The reader's raw snapshot, which it hands out only after the same validation as a parse: a payload any writer
     * (another language's, a third party's) stored that is cut short, holds two values, is not UTF-8, has a
     * byte-order mark or nests deeper than the reader's limit is an error with exit code 4 (the region is
     * bad, not the user's input), as for {@code get --pointer} and {@code verify}.
     */
    private static Optional<RawSnapshot> validSnapshot(RegionReader reader) {
        try {
            return reader.rawSnapshot();
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
