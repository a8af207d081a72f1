package org.jsonmmap.testkit;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Self-checking documents: document {@code (n, kind)} can be rebuilt by any process, in Java or in Python
 * ({@code python/tests/selfcheck_documents.py}, its twin, byte for byte), from the two numbers it carries, so a
 * reader tells a published document from a torn, mixed or damaged one by comparing the bytes it read with the
 * rebuilt ones. The compact JSON, key order fixed:
 *
 * <pre>{@code {"n":N,"kind":K,"items":[{"id":0,"name":"item-N-0","weight":W},...],"end":"n=N"}}</pre>
 *
 * <p>with {@code W = (N * 31 + id) % 1000} and {@link #items}{@code (K)} items; the last document of a run (see
 * {@link #isLast}) ends with {@code "end":"last n=N"}; a document that names its writer (two writers racing for one
 * region) has {@code "w":"WRITER"} after {@code n}. A reader that knows which version it read can also demand
 * {@code N} = that version ({@link #check(String, long)}): a document under another version is a mixed read.
 * The kit builds text, not trees, so that it needs no JSON library: a reader that holds a Jackson tree checks
 * {@code tree.toString()}, which is the same compact text.
 */
public final class SelfCheckingDocuments {
    /**
     * Items per kind: about 80 B, 2.5 KiB, 100 KiB (past the 64 KiB initial capacity: growth), 700 KiB, and 1.9 MiB
     * for a few tests that fill a file system. The first four are the kinds of the torture tests, which Python's
     * readers and writers share: do not change them.
     */
    private static final int[] ITEMS = {1, 60, 2_200, 15_000, 40_000};

    /** The number of kinds. */
    public static final int KINDS = ITEMS.length;

    /** The kinds the torture writers alternate ({@link #kindOf}): all but the largest. */
    public static final int TORTURE_KINDS = 4;


    private static final Pattern HEAD =
            Pattern.compile("^\\{\"n\":(\\d{1,18}),(?:\"w\":\"([A-Za-z0-9._-]{1,64})\",)?\"kind\":(\\d),");

    /** The last document rebuilt by a check: readers check the same version many times in a row. */
    private static volatile Rebuilt lastRebuilt = new Rebuilt(-1, -1, null, "");

    private record Rebuilt(long n, int kind, String writer, String text) {
    }

    /**
     * The length of document {@code (0, kind)}, per kind: built on first use, not when a writer first publishes
     * (2.6 MB of text would slow a cold child JVM's first publish).
     */
    private static final class Lengths {
        static final int[] OF_KIND = new int[KINDS];

        static {
            for (int kind = 0; kind < KINDS; kind++) {
                OF_KIND[kind] = document(0, kind).length();
            }
        }

        private Lengths() {
        }
    }

    private SelfCheckingDocuments() {
    }

    /**
     * @param kind a kind, 0 to {@link #KINDS} - 1
     * @return how many items its documents have
     */
    public static int items(int kind) {
        return ITEMS[kind];
    }

    /**
     * @param kind a kind
     * @return the length of document {@code (0, kind)} in bytes (a larger {@code n} makes it a little longer)
     */
    public static int length(int kind) {
        return Lengths.OF_KIND[kind];
    }

    /**
     * The kind document {@code n} has in the sequence the torture writers use (sizes alternate, crossing growth).
     *
     * @param n the document's number
     * @return its kind
     */
    public static int kindOf(long n) {
        return (int) Math.floorMod(n, (long) TORTURE_KINDS);
    }

    /**
     * The smallest kind whose documents are at least {@code bytes} long, or the largest kind.
     *
     * @param bytes a size
     * @return the kind
     */
    public static int kindOfSize(int bytes) {
        for (int kind = 0; kind < KINDS; kind++) {
            if (Lengths.OF_KIND[kind] >= bytes) {
                return kind;
            }
        }
        return KINDS - 1;
    }

    /**
     * @param n the document's number, 0 or more (often the version it is published as)
     * @param kind its kind, 0 to {@link #KINDS} - 1
     * @return the document's compact JSON
     */
    public static String document(long n, int kind) {
        return document(n, kind, false);
    }

    /**
     * @param n the document's number, 0 or more
     * @param kind its kind, 0 to {@link #KINDS} - 1
     * @param last whether it is the last of a run (readers stop when they see it)
     * @return the document's compact JSON
     */
    public static String document(long n, int kind, boolean last) {
        return document(n, kind, last, null);
    }

    /**
     * @param n the document's number, 0 or more
     * @param kind its kind, 0 to {@link #KINDS} - 1
     * @param last whether it is the last of a run
     * @param writer the writer's name (1 to 64 of A-Z a-z 0-9 . _ -), or null for none
     * @return the document's compact JSON
     */
    public static String document(long n, int kind, boolean last, String writer) {
        if (n < 0 || kind < 0 || kind >= KINDS) {
            throw new IllegalArgumentException("no document (" + n + ", " + kind + ")");
        }
        if (writer != null && !writer.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("writer name '" + writer + "' is not 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        StringBuilder sb = new StringBuilder(64 + ITEMS[kind] * 44).append("{\"n\":").append(n);
        if (writer != null) {
            sb.append(",\"w\":\"").append(writer).append('"');
        }
        sb.append(",\"kind\":").append(kind).append(",\"items\":[");
        for (int i = 0; i < ITEMS[kind]; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i).append(",\"name\":\"item-").append(n).append('-').append(i)
                    .append("\",\"weight\":").append((n * 31 + i) % 1000).append('}');
        }
        return sb.append("],\"end\":\"").append(last ? "last " : "").append("n=").append(n).append("\"}").toString();
    }

    /**
     * @param n the document's number
     * @param kind its kind
     * @return {@link #document(long, int)} as UTF-8 bytes (it is ASCII)
     */
    public static byte[] bytes(long n, int kind) {
        return document(n, kind).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param n the document's number
     * @param kind its kind
     * @param last whether it is the last of a run
     * @return {@link #document(long, int, boolean)} as UTF-8 bytes
     */
    public static byte[] bytes(long n, int kind, boolean last) {
        return document(n, kind, last).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param n the document's number
     * @param kind its kind
     * @param last whether it is the last of a run
     * @param writer the writer's name, or null
     * @return {@link #document(long, int, boolean, String)} as UTF-8 bytes
     */
    public static byte[] bytes(long n, int kind, boolean last, String writer) {
        return document(n, kind, last, writer).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks a document read from a region.
     *
     * @param json the compact JSON read
     * @return null if it is exactly the document its own {@code n} and {@code kind} name, else what is wrong
     */
    public static String check(String json) {
        return check(json, -1);
    }

    /**
     * Checks a document read from a region as version {@code version}.
     *
     * @param json the compact JSON read
     * @param version the version the region reported for it (its {@code n} must be that), or -1 for any
     * @return null if intact, else what is wrong ("mixed read": a whole document under another version; "torn":
     *         bytes that are no document)
     */
    public static String check(String json, long version) {
        if (json == null) {
            return "no document";
        }
        Matcher m = HEAD.matcher(json);
        if (!m.find()) {
            return "not a self-checking document: " + abbreviate(json);
        }
        long n = Long.parseLong(m.group(1));
        String writer = m.group(2);
        int kind = Integer.parseInt(m.group(3));
        if (kind >= KINDS) {
            return "kind " + kind + " does not exist: " + abbreviate(json);
        }
        if (version >= 0 && n != version) {
            return "region says version " + version + ", document says " + n + " (mixed read)";
        }
        if (!json.equals(rebuilt(n, kind, writer)) && !json.equals(document(n, kind, true, writer))) {
            return "document (" + n + ", " + kind + ") differs from its rebuilt bytes (torn read): " + abbreviate(json);
        }
        return null;
    }

    private static String rebuilt(long n, int kind, String writer) {
        Rebuilt r = lastRebuilt;
        if (r.n() != n || r.kind() != kind || !java.util.Objects.equals(r.writer(), writer)) {
            r = new Rebuilt(n, kind, writer, document(n, kind, false, writer));
            lastRebuilt = r;
        }
        return r.text();
    }

    /**
     * @param json a document's compact JSON
     * @return the writer it names, or null
     */
    public static String writerOf(String json) {
        Matcher m = HEAD.matcher(json);
        return m.find() ? m.group(2) : null;
    }

    /**
     * @param json a document's compact JSON
     * @return whether it is exactly the document its own numbers name
     */
    public static boolean isIntact(String json) {
        return check(json) == null;
    }

    /**
     * @param json an intact document's compact JSON
     * @return whether it is the last of a run
     */
    public static boolean isLast(String json) {
        return json.endsWith("\"end\":\"last n=" + json.substring(5, json.indexOf(',')) + "\"}");
    }

    /**
     * @param s any text
     * @return its first 120 characters, and an ellipsis if there were more
     */
    public static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
