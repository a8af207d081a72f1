package org.jsonmmap.cli;

import org.jsonmmap.JsonPatch;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What {@code watch --pointer} and {@code watch --diff} print for each version a watcher sees: nothing when
 * the watched part did not change (compared as trees), else the part, or with {@code --diff} the RFC 6902
 * patch from the part last printed (the first line is the part itself). Without {@code --diff} a version
 * with nothing at the pointer prints nothing; with it, a missing part counts as {@code null}, so that the
 * patches always chain.
 */
final class PartChanges {
    private final JsonPointer pointer;
    private final boolean diff;
    private JsonNode last;

    /**
     * @param pointer the part to watch, or null for the whole document
     * @param diff whether to print patches after the first line
     */
    PartChanges(JsonPointer pointer, boolean diff) {
        this.pointer = pointer;
        this.diff = diff;
    }

    /**
     * The line for one version, or null if there is nothing to print.
     *
     * @param version the version
     * @param document its document
     * @param withVersion whether to wrap the line as {@code {"version":N,"value":...}} or {@code {"version":N,"patch":[...]}}
     * @param raw whether a string value (not a patch) prints as its text, as {@code --raw} asks
     * @return compact JSON, or null
     */
    String next(long version, JsonNode document, boolean withVersion, boolean raw) {
        JsonNode part = pointer == null ? document : document.at(pointer);
        if (part.isMissingNode()) {
            if (!diff) {
                // nothing there: nothing printed, but its return is a change
                last = part;
                return null;
            }
            part = JsonNodeFactory.instance.nullNode();
        }
        if (last != null && last.equals(part)) {
            return null;
        }
        JsonNode previous = last;
        last = part;
        if (!diff || previous == null) {
            return new Reading(version, write(part)).render(withVersion, raw, false);
        }
        String patch = write(JsonPatch.diff(previous, part));
        return withVersion ? "{\"version\":" + version + ",\"patch\":" + patch + "}" : patch;
    }

    private static String write(JsonNode node) {
        return JsonMapper.shared().writeValueAsString(node);
    }
}
