package org.jsonmmap.cli;

import java.util.Optional;

import org.jsonmmap.Region;
import org.jsonmmap.RegionInfo;
import org.jsonmmap.cli.serve.ServeState;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code stat} says about a running {@code jsonmmap serve}: read from the sidecar serve keeps beside
 * the region, shown only while its pid is the region's live writer (a sidecar left by a killed serve is stale).
 */
final class ServeInfo {
    private ServeInfo() {
    }

    /**
     * @param region the region
     * @param info its header
     * @return the serve state, if a live serve holds the region
     */
    static Optional<ServeState> of(Region region, RegionInfo info) {
        return ServeState.read(region).filter(s -> info.writerAlive() && s.pid() == info.writerPid());
    }

    /**
     * The text of stat's {@code serving} row: "FILE since T, last good vN[, source invalid since T]".
     *
     * @param s the state
     * @return the row's value, and the reason on a second line when the source is invalid
     */
    static String row(ServeState s) {
        String text = s.file() + " since " + s.since() + ", last good " + (s.lastGood() == 0 ? "none" : "v" + s.lastGood());
        if (s.invalidSince() != null) {
            text += ", source invalid since " + s.invalidSince() + "\n" + " ".repeat(14) + "(" + s.reason() + ")";
        }
        return text;
    }

    /**
     * stat's {@code serve} member: the sidecar's fields, or null when no serve holds the region.
     *
     * @param s the state, if any
     * @return a JSON object or null node
     */
    static JsonNode json(Optional<ServeState> s) {
        return s.<JsonNode>map(ServeState::toJson).orElse(JsonMapper.shared().nullNode());
    }
}
