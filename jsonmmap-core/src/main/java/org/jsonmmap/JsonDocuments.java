package org.jsonmmap;

import org.jsonmmap.internal.Jackson;

import tools.jackson.databind.JsonNode;

/**
 * The document rules a writer applies, for code that checks JSON before it reaches a writer (a command-line
 * tool reading a file, a schema loaded from disk): exactly one JSON value, UTF-8 without a byte-order mark
 * (docs/FORMAT.md 3.3), within the default nesting limit ({@value Jackson#DEFAULT_MAX_NESTING_DEPTH}).
 * The same checks as {@link RegionWriter#publishJson(byte[])}, so a document these accept is one a writer accepts.
 */
public final class JsonDocuments {
    private JsonDocuments() {
    }

    /**
     * Checks the bytes without building anything.
     *
     * @param json the bytes
     * @throws InvalidJsonException naming what is wrong, with line and column
     */
    public static void validate(byte[] json) {
        Jackson.defaults().validate(json, 0, json.length);
    }

    /**
     * Serializes a value as a writer's {@link RegionWriter#publish(Object)} does: a {@code JsonNode}, record,
     * POJO, {@code Map} or {@code List}; empty beans, non-finite numbers and Jackson 2 trees are refused.
     *
     * @param value the value
     * @return its UTF-8 JSON
     * @throws SerializationException if it cannot be serialized as JSON
     */
    public static byte[] serialize(Object value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Jackson.defaults().write(value, out);
        return out.toByteArray();
    }

    /**
     * Checks and parses the bytes into a read-only tree.
     *
     * @param json the bytes
     * @return the document, read-only
     * @throws InvalidJsonException naming what is wrong, with line and column
     */
    public static JsonNode parse(byte[] json) {
        Jackson codec = Jackson.defaults();
        codec.validate(json, 0, json.length);
        return codec.read(json, 0, json.length, JsonNode.class);
    }
}
