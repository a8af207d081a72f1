package org.jsonmmap.bench;

import java.util.Locale;
import java.util.Random;


import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark documents: realistic nested configuration documents of a service (settings, feature
 * flags, and a list of upstreams with limits, health checks and tags) in three sizes.
 *
 * <p>Generation is deterministic: the same size always yields the same bytes (a {@link Random} with a
 * fixed seed, whose sequence the JDK specifies), so every run and every process measures the same document.
 */
public final class Documents {
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"};
    private static final String[] TAGS = {"canary", "primary", "backup", "ipv6", "gold", "batch", "pci", "zürich"};
    private static final String[] PROTOCOLS = {"http", "https", "grpc", "h2c"};
    private static final long SEED = 0x6A736F6E6D6D6170L;
    private static final ObjectReader TREE_READER = mapper().readerFor(JsonNode.class);

    private Documents() {
    }

    /** The three document sizes of the benchmarks. */
    public enum Size {
        /** About 1 KiB. */
        S1K(1024),
        /** About 64 KiB. */
        S64K(64 * 1024),
        /** About 1 MiB. */
        S1M(1024 * 1024);

        private final int targetBytes;

        Size(int targetBytes) {
            this.targetBytes = targetBytes;
        }

        /** @return the size the document is grown to (it ends at the first upstream that reaches it) */
        public int targetBytes() {
            return targetBytes;
        }

        /** @return the label used in benchmark parameters and reports: 1KiB, 64KiB, 1MiB */
        public String label() {
            return targetBytes >= 1 << 20 ? (targetBytes >> 20) + "MiB" : (targetBytes >> 10) + "KiB";
        }

        /**
         * The size for a label.
         *
         * @param label 1KiB, 64KiB or 1MiB
         * @return the size
         * @throws IllegalArgumentException for any other label
         */
        public static Size of(String label) {
            for (Size s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown document size '" + label + "', expected 1KiB, 64KiB or 1MiB");
        }
    }

    /** @return the mapper the benchmarks serialize and parse with (the library's default codec's) */
    public static JsonMapper mapper() {
        return JsonMapper.shared();
    }

    /**
     * A fresh, mutable tree of the document of {@code size}.
     *
     * @param size the size
     * @return the document
     */
    public static ObjectNode tree(Size size) {
        JsonMapper m = mapper();
        Random r = new Random(SEED);
        ObjectNode doc = m.createObjectNode();
        doc.put("schema", "acme.service-config/v3");
        doc.put("revision", 4217);
        ObjectNode service = doc.putObject("service");
        service.put("name", "orders-api");
        service.put("environment", "production");
        service.put("region", REGIONS[0]);
        service.put("owner", "team-checkout@acme.example");
        ObjectNode http = doc.putObject("http");
        http.put("port", 8443);
        http.put("maxConnections", 4096);
        http.putObject("timeouts").put("connectMs", 250).put("readMs", 2000).put("idleMs", 60000);
        ObjectNode features = doc.putObject("features");
        features.putObject("newCheckout").put("enabled", true).put("rollout", 0.25);
        features.putObject("fraudScoreV2").put("enabled", false).put("rollout", 0.0);
        ArrayNode upstreams = doc.putArray("upstreams");
        int length = m.writeValueAsBytes(doc).length;
        for (int i = 0; length < size.targetBytes(); i++) {
            ObjectNode u = upstream(m, r, i);
            upstreams.add(u);
            length += m.writeValueAsBytes(u).length + (i == 0 ? 0 : 1);
        }
        return doc;
    }

    private static ObjectNode upstream(JsonMapper m, Random r, int i) {
        ObjectNode u = m.createObjectNode();
        u.put("id", String.format(Locale.ROOT, "upstream-%05d", i));
        u.put("host", "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
        u.put("port", 9000 + r.nextInt(1000));
        u.put("protocol", PROTOCOLS[r.nextInt(PROTOCOLS.length)]);
        u.put("region", REGIONS[r.nextInt(REGIONS.length)]);
        u.put("weight", 1 + r.nextInt(100));
        u.put("enabled", r.nextInt(10) != 0);
        ArrayNode tags = u.putArray("tags");
        for (int t = r.nextInt(3); t >= 0; t--) {
            tags.add(TAGS[r.nextInt(TAGS.length)]);
        }
        u.putObject("limits").put("rps", 100 * (1 + r.nextInt(50))).put("burst", 10 * (1 + r.nextInt(40)))
                .put("errorBudget", Math.round(r.nextDouble() * 1000) / 100_000.0);
        u.putObject("health").put("path", "/healthz").put("intervalMs", 1000 * (1 + r.nextInt(10)))
                .put("unhealthyAfter", 1 + r.nextInt(5));
        return u;
    }

    /**
     * The document of {@code size}, serialized compactly as UTF-8.
     *
     * @param size the size
     * @return the JSON bytes
     */
    public static byte[] bytes(Size size) {
        return mapper().writeValueAsBytes(tree(size));
    }

    /**
     * The document parsed with plain Jackson (no jsonmmap involved), for the floors of the benchmarks: the
     * same mapper and the same {@code ObjectReader} call the library makes, with Jackson's own node factory.
     *
     * @param json the bytes
     * @return the tree
     */
    public static JsonNode parse(byte[] json) {
        return parse(json, 0, json.length);
    }

    /**
     * Like {@link #parse(byte[])}, for part of an array.
     *
     * @param json the buffer
     * @param offset where the document starts
     * @param length its length
     * @return the tree
     */
    public static JsonNode parse(byte[] json, int offset, int length) {
        return TREE_READER.readValue(json, offset, length);
    }
}
