package org.jsonmmap.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic documents for the torture tests: document {@code (n, kind)} can be rebuilt by any process
 * from its two numbers, so a reader can tell a published document from a torn or mixed one by equality.
 */
public final class Documents {
    private Documents() {
    }

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Sizes of the kinds: about 100 B, 4 KiB, 150 KiB (past the 64 KiB initial capacity: growth), 1 MiB. */
    public static final int[] ITEMS = {1, 60, 2_200, 15_000};

    public static ObjectNode document(long n, int kind) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("n", n);
        doc.put("kind", kind);
        ArrayNode items = doc.putArray("items");
        for (int i = 0; i < ITEMS[kind]; i++) {
            ObjectNode item = items.addObject();
            item.put("id", i);
            item.put("name", "item-" + n + "-" + i);
            item.put("weight", (n * 31 + i) % 1000);
        }
        doc.put("end", "n=" + n);
        return doc;
    }

    /** The kind document {@code n} has in the alternating sequence used by the torture writer. */
    public static int kindOf(long n) {
        return (int) (n % ITEMS.length);
    }

    /** True when {@code doc} is exactly the document its own n and kind name. */
    public static boolean isIntact(JsonNode doc) {
        if (!doc.has("n") || !doc.has("kind")) {
            return false;
        }
        long n = doc.get("n").asLong();
        int kind = doc.get("kind").asInt();
        if (kind < 0 || kind >= ITEMS.length) {
            return false;
        }
        // compare the JSON text: a built tree holds longs where a parsed one holds ints
        return document(n, kind).toString().equals(doc.toString());
    }
}
