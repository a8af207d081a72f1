package org.jsonmmap.cli.demo;

import tools.jackson.databind.json.JsonMapper;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo's document: {@code {"seq":n,"len":L,"items":[n, n+1, ..., n+L-1]}}. Every part depends on
 * {@code seq}, so a document mixed from two versions cannot pass {@link #check}: its length, its items
 * and its sequence number would disagree. The master publishes {@code seq} = version (a fresh region).
 */
final class DemoDocument {
    /** Longest list the master publishes. */
    static final int MAX_LEN = 100;

    private DemoDocument() {
    }

    static ObjectNode build(long seq, int len) {
        ObjectNode doc = JsonMapper.shared().createObjectNode();
        doc.put("seq", seq);
        doc.put("len", len);
        ArrayNode items = doc.putArray("items");
        for (int i = 0; i < len; i++) {
            items.add(seq + i);
        }
        return doc;
    }

    /**
     * Checks a document read as version {@code version}.
     *
     * @return null when it is the document the master published as that version, else what is wrong
     */
    static String check(long version, JsonNode doc) {
        if (!doc.isObject() || !doc.path("seq").isIntegralNumber() || !doc.path("len").isIntegralNumber()
                || !doc.path("items").isArray()) {
            return "not a demo document: " + doc;
        }
        long seq = doc.get("seq").asLong();
        long len = doc.get("len").asLong();
        JsonNode items = doc.get("items");
        if (seq != version) {
            return "seq " + seq + " in the document read as version " + version;
        }
        if (len < 1 || len > MAX_LEN || items.size() != len) {
            return "len " + len + " but " + items.size() + " items";
        }
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isIntegralNumber() || items.get(i).asLong() != seq + i) {
                return "item " + i + " is " + items.get(i) + ", expected " + (seq + i);
            }
        }
        return null;
    }

    static int length(JsonNode doc) {
        return doc.path("items").size();
    }
}
