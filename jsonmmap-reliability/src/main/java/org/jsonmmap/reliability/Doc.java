package org.jsonmmap.reliability;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import tools.jackson.databind.JsonNode;

/**
 * Self-checking documents: {@code {"v":V,"size":S,"last":B,"pad":"…","h":"crc"}}. The pad is made of
 * 16-hex-digit chunks that depend on the version and the chunk index, and {@code h} is the CRC-32 of the
 * version and the pad. A read that mixed two versions (a torn read), or that carries another version than the
 * one the region reported, fails {@link #check}.
 */
final class Doc {
    /** The sizes the soak alternates: 64 B to 1 MiB, crossing the writer's growth steps. */
    static final int[] SIZES = {64, 1024, 16 * 1024, 256 * 1024, 1024 * 1024};

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Doc() {
    }

    /** The document for version {@code v}, about {@code size} bytes of JSON (at least the fixed fields). */
    static byte[] build(long v, int size, boolean last) {
        return build(v, size, last, null);
    }

    /**
     * Like {@link #build(long, int, boolean)} with a {@code "w"} field naming the writer (two writers' documents
     * for one version then differ, so a reader can tell them apart).
     */
    static byte[] build(long v, int size, boolean last, String writer) {
        String head = "{\"v\":" + v + (writer == null ? "" : ",\"w\":\"" + writer + "\"") + ",\"size\":" + size
                + ",\"last\":" + last + ",\"pad\":\"";
        String tailStart = "\",\"h\":\"";
        int fixed = head.length() + tailStart.length() + 8 + 2;
        int padLength = Math.max(0, size - fixed);
        byte[] pad = pad(v, padLength);
        String tail = tailStart + String.format("%08x", hash(v, pad, 0, pad.length)) + "\"}";
        byte[] out = new byte[head.length() + pad.length + tail.length()];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(pad, 0, out, h.length, pad.length);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, out, h.length + pad.length, t.length);
        return out;
    }

    static byte[] pad(long v, int length) {
        byte[] pad = new byte[length];
        long x = 0;
        for (int i = 0; i < length; i++) {
            if (i % 16 == 0) {
                x = mix(v * 0x9E3779B97F4A7C15L + i / 16);
            }
            pad[i] = HEX[(int) (x >>> (60 - 4 * (i % 16))) & 0xF];
        }
        return pad;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long v, byte[] pad, int off, int len) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < 8; i++) {
            crc.update((int) (v >>> (8 * i)) & 0xFF);
        }
        crc.update(pad, off, len);
        return crc.getValue();
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
        JsonNode v = doc.get("v");
        JsonNode pad = doc.get("pad");
        JsonNode h = doc.get("h");
        JsonNode size = doc.get("size");
        if (v == null || !v.isIntegralNumber() || pad == null || !pad.isString() || h == null || !h.isString()
                || size == null || !size.isIntegralNumber()) {
            return "fields missing: " + abbreviate(doc.toString());
        }
        long dv = v.asLong();
        if (version != 0 && dv != version) {
            return "region says version " + version + ", document says " + dv + " (mixed read)";
        }
        byte[] p = pad.asString().getBytes(StandardCharsets.US_ASCII);
        long expected;
        try {
            expected = Long.parseLong(h.asString(), 16);
        } catch (NumberFormatException e) {
            return "hash field is not hex: " + h.asString();
        }
        long actual = hash(dv, p, 0, p.length);
        if (actual != expected) {
            return "content hash mismatch for version " + dv + ": document says " + h.asString() + ", content gives "
                    + String.format("%08x", actual) + " (torn read)";
        }
        return null;
    }

    static boolean isLast(JsonNode doc) {
        JsonNode last = doc.get("last");
        return last != null && last.asBoolean();
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
