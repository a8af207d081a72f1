package org.jsonmmap.cli;

import java.util.Optional;

import org.jsonmmap.JacksonCodec;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Versioned;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

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
        if (pointer == null) {
            // the raw snapshot's bytes and version were read together: no need to parse the document
            return reader.rawSnapshot().map(s -> new Reading(s.version(), JsonText.compact(s.text())));
        }
        Optional<Versioned<JsonNode>> snapshot = reader.snapshot();
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = pointer == null ? snapshot.get().value() : snapshot.get().value().at(pointer);
        String json = node.isMissingNode() ? null : JacksonCodec.defaults().mapper().writeValueAsString(node);
        return Optional.of(new Reading(snapshot.get().version(), json));
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
            return JacksonCodec.defaults().mapper().readTree(text).asString();
        }
        return pretty ? JsonText.pretty(text) : text;
    }
}
