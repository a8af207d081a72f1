package org.jsonmmap.reliability;

import org.jsonmmap.testkit.SelfCheckingDocuments;

import tools.jackson.databind.JsonNode;

/**
 * The harness's documents: the test kit's {@link SelfCheckingDocuments} (with a Python twin), in the terms the
 * scenarios use. A document carries its version; a read that mixed two versions (a torn read), that carries
 * another version than the one the region reported, or that is damaged in any byte fails {@link #check}.
 */
final class Doc {
    /** The sizes the soak alternates: the torture kinds of the kit, about 80 B to 700 KiB, crossing growth steps. */
    static final int[] SIZES = new int[SelfCheckingDocuments.TORTURE_KINDS];

    static {
        for (int kind = 0; kind < SIZES.length; kind++) {
            SIZES[kind] = SelfCheckingDocuments.length(kind);
        }
    }

    private Doc() {
    }

    /** The document for version {@code v}, of the smallest kind at least {@code size} bytes long. */
    static byte[] build(long v, int size, boolean last) {
        return build(v, size, last, null);
    }

    /**
     * Like {@link #build(long, int, boolean)} with a field naming the writer (two writers' documents for one
     * version then differ, so a reader can tell them apart).
     */
    static byte[] build(long v, int size, boolean last, String writer) {
        return SelfCheckingDocuments.bytes(v, SelfCheckingDocuments.kindOfSize(size), last, writer);
    }

    /**
     * Checks a document read from a region.
     *
     * @param doc the parsed document
     * @param version the version the region reported for it, or 0 to skip that comparison
     * @return null if intact, else what is wrong
     */
    static String check(JsonNode doc, long version) {
        if (doc == null || !doc.isObject()) {
            return "not an object";
        }
        return SelfCheckingDocuments.check(doc.toString(), version == 0 ? -1 : version);
    }

    static boolean isLast(JsonNode doc) {
        return SelfCheckingDocuments.isLast(doc.toString());
    }

    static String abbreviate(String s) {
        return SelfCheckingDocuments.abbreviate(s);
    }
}
