package org.jsonmmap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-pass validator against Jackson's parser as the oracle: every document Jackson writes is accepted, and
 * on mutated documents both say the same: ASCII mutations of the text, byte mutations (any byte, so that UTF-8
 * comes in: there the oracle is Jackson and the JDK's strict UTF-8 decoder, and no byte-order mark), and a special
 * byte at every position of the eight-byte stride of string bodies and digit runs, at every offset in the array.
 */
class JsonValidatorTest {
    private static final int DEPTH = 1000;
    private static final int NUMBER = 1000;
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String MUTATIONS = "{}[]\":,0123456789-+.eE \t\n\\/ulnatrfsx";

    private static boolean valid(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return JsonValidator.check(b, 0, b.length, DEPTH, NUMBER) < 0;
    }

    private static boolean jacksonAccepts(String s) {
        try {
            JsonNode n = MAPPER.readTree(s);
            return n != null && !n.isMissingNode();
        } catch (JacksonException e) {
            return false;
        }
    }

    @Property(tries = 150)
    void everyDocumentJacksonWritesIsAccepted(@ForAll("documents") Object doc) {
        String compact = MAPPER.writeValueAsString(doc);
        String pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        assertThat(valid(compact)).as(compact).isTrue();
        assertThat(valid(" \n" + pretty + "\r\n\t")).as(pretty).isTrue();
    }

    @Property(tries = 600)
    void onMutatedDocumentsItAgreesWithJackson(@ForAll("documents") Object doc, @ForAll("edits") List<int[]> edits) {
        StringBuilder s = new StringBuilder(MAPPER.writeValueAsString(doc));
        for (int[] e : edits) {
            int at = Math.floorMod(e[1], s.length() + 1);
            char c = MUTATIONS.charAt(Math.floorMod(e[2], MUTATIONS.length()));
            if (e[0] == 0 && at < s.length()) {
                s.deleteCharAt(at);
            } else if (e[0] == 1) {
                s.insert(at, c);
            } else if (at < s.length()) {
                s.setCharAt(at, c);
            }
        }
        String text = s.toString();
        assertThat(valid(text)).as("%s", text).isEqualTo(jacksonAccepts(text));
    }

    /**
     * The strict oracle for raw bytes: no byte-order mark, strict UTF-8 (the JDK's decoder refuses overlong forms,
     * encoded surrogates and anything above U+10FFFF, which Jackson lets through), and one value for Jackson.
     */
    private static boolean oracleAccepts(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return false;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        return jacksonAccepts(text);
    }

    /**
     * Checks {@code doc} placed at {@code offset} in a larger array whose other bytes would be wrong if read (an
     * open string, a quote, a high byte), so that reading outside the range cannot go unnoticed.
     */
    private static int checkAt(byte[] doc, int offset) {
        byte[] b = new byte[offset + doc.length + 9];
        Arrays.fill(b, (byte) '"');
        for (int k = 0; k < offset; k += 2) {
            b[k] = (byte) 0xFF;
        }
        System.arraycopy(doc, 0, b, offset, doc.length);
        for (int k = offset + doc.length; k < b.length; k += 3) {
            b[k] = (byte) 0x80;
        }
        int bad = JsonValidator.check(b, offset, doc.length, DEPTH, NUMBER);
        assertThat(bad).as("index of the bad byte inside the range").isBetween(-1, offset + doc.length);
        if (bad >= 0) {
            assertThat(bad).isGreaterThanOrEqualTo(offset);
        }
        return bad;
    }

    /**
     * {@code body} between each frame's prefix and suffix (ASCII), checked at each array offset, is accepted exactly
     * when the oracle accepts it.
     */
    private static void assertJudgedLikeTheOracleInEveryFrame(byte[] body, String[][] frames, int... offsets) {
        for (String[] frame : frames) {
            byte[] doc = concat(frame[0].getBytes(StandardCharsets.US_ASCII), body,
                    frame[1].getBytes(StandardCharsets.US_ASCII));
            boolean expected = oracleAccepts(doc);
            for (int offset : offsets) {
                assertThat(checkAt(doc, offset) < 0).as("%s at offset %d", show(doc), offset).isEqualTo(expected);
            }
        }
    }

    /** Bytes that end or break a string body or a digit run, or are just inside the ranges that do not. */
    private static final byte[][] SPECIALS = {
        {'"'}, {'\\', 'n'}, {'\\', 'u', '0', '0', 'e', '9'}, {'\\', 'x'}, {'\\'}, {0x00}, {0x01}, {0x1F}, {' '},
        {'!'}, {'#'}, {'['}, {']'}, {'['}, {0x5B}, {0x5D}, {0x7F}, {'/'}, {':'}, {'0'}, {'9'}, {'.'}, {'e'}, {'E'},
        {','}, {'-'}, {'+'}, {'a'}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC3}, {(byte) 0xA9}, {(byte) 0xFF},
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xED, (byte) 0x9F, (byte) 0xBF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    };

    /**
     * For each length in {@code minLength..maxLength}, each position and each of the {@link #SPECIALS}: hands
     * {@code check} that many bytes ({@code filler(k)} at index k) with the special spliced in at the position.
     */
    private static void forEachBodyWithASpecial(int minLength, int maxLength, IntUnaryOperator filler,
            Consumer<byte[]> check) {
        for (int length = minLength; length <= maxLength; length++) {
            for (int at = 0; at <= length; at++) {
                for (byte[] special : SPECIALS) {
                    byte[] body = new byte[length + special.length];
                    for (int k = 0; k < body.length; k++) {
                        body[k] = (byte) filler.applyAsInt(k);
                    }
                    System.arraycopy(special, 0, body, at, special.length);
                    check.accept(body);
                }
            }
        }
    }

    @Example
    void aSpecialByteAtEveryPositionOfTheStrideInAStringIsJudgedLikeTheOracle() {
        // ["aaa…<special>…aaa"] and {"aaa…<special>…aaa":1}: values and keys
        String[][] frames = {{"[\"", "\"]"}, {"{\"", "\":1}"}, {"\"", "\""}};
        forEachBodyWithASpecial(0, 26, k -> 'a',
                body -> assertJudgedLikeTheOracleInEveryFrame(body, frames, 0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Example
    void aByteAtEveryPositionOfTheStrideInANumberIsJudgedLikeTheOracle() {
        String[][] frames = {{"[", "]"}, {"", ""}, {"{\"k\":", "}"}, {"[-", ",0]"}, {"[0.", "]"}, {"[1e", "]"},
            {"[2.5E+", " ]"}};
        // the stride runs from the number's first byte, so two alignments in the array suffice
        forEachBodyWithASpecial(1, 20, k -> '1' + k % 9,
                digits -> assertJudgedLikeTheOracleInEveryFrame(digits, frames, 0, 5));
    }

    @Property(tries = 600)
    void onByteMutatedDocumentsItAgreesWithTheStrictOracle(@ForAll("documents") Object doc,
            @ForAll("byteEdits") List<int[]> edits) {
        byte[] b = MAPPER.writeValueAsBytes(doc);
        for (int[] e : edits) {
            int at = Math.floorMod(e[1], b.length + 1);
            byte x = (byte) e[2];
            if (e[0] == 0 && at < b.length) {
                b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + 1, b.length));
            } else if (e[0] == 1) {
                b = concat(Arrays.copyOf(b, at), new byte[] {x}, Arrays.copyOfRange(b, at, b.length));
            } else if (at < b.length) {
                b[at] = x;
            }
        }
        boolean expected = oracleAccepts(b);
        assertThat(checkAt(b, Math.floorMod(edits.get(0)[2], 8)) < 0).as("%s", show(b)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<int[]>> byteEdits() {
        Arbitrary<Integer> bytes = Arbitraries.oneOf(Arbitraries.integers().between(0, 255),
                Arbitraries.of(0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0,
                        0x9F, 0x90, 0x8F, 0x00, 0x1F, 0x7F, 0x22, 0x5C));
        return Arbitraries.integers().between(0, 2).flatMap(kind -> Arbitraries.integers().between(0, 10_000)
                .flatMap(at -> bytes.map(c -> new int[] {kind, at, c})))
                .list().ofMinSize(1).ofMaxSize(3);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String show(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 0x20 && x < 0x7F ? String.valueOf((char) x) : String.format("\\x%02X", x & 0xFF));
        }
        return s.toString();
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        return Arbitraries.integers().between(0, 2).flatMap(kind -> Arbitraries.integers().between(0, 10_000)
                .flatMap(at -> Arbitraries.integers().between(0, 1000).map(c -> new int[] {kind, at, c})))
                .list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Object> documents() {
        return value(4);
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').withChars('é', '€', '\n', '"', '\\', '\u0001')
                        .withChars("\uD83D\uDE00".toCharArray()).ofMaxLength(20).map(x -> (Object) x),
                Arbitraries.longs().map(x -> (Object) x),
                Arbitraries.doubles().map(x -> (Object) x),
                Arbitraries.of(true, false).map(x -> (Object) x),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> map = Arbitraries.strings().alpha().ofMaxLength(6).flatMap(k -> value(depth - 1).map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(k, v);
            m.put(k + "2", List.of(1, "x"));
            return (Object) m;
        }));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, list),
                net.jqwik.api.Tuple.of(2, map));
    }

    @Example
    void strictUtf8AndNoByteOrderMark() {
        assertThat(check(new byte[] {'"', (byte) 0xC3, (byte) 0xA9, '"'})).as("é").isNegative();
        assertThat(check(new byte[] {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"'})).as("emoji").isNegative();
        assertThat(check(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'})).as("byte-order mark").isZero();
        assertThat(check(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})).as("overlong").isEqualTo(1);
        assertThat(check(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).as("surrogate").isEqualTo(2);
        assertThat(check(new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'})).as("> U+10FFFF")
                .isEqualTo(2);
        assertThat(check(new byte[] {'"', (byte) 0x80, '"'})).as("lone continuation").isEqualTo(1);
        assertThat(check(new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'})).as("truncated sequence").isEqualTo(3);
        assertThat(check(new byte[] {'"', 'a', 0x01, '"'})).as("control character").isEqualTo(2);
    }

    @Example
    void grammarEdges() {
        for (String ok : new String[] {"0", "-0", "1.5e-3", "[]", "{}", "\"\"", "[1,[2,{\"a\":null}]]", "\"\\u00e9\\n\"",
                "\"a long string with no special bytes in it at all\"", "true", "false", "null", " 1 "}) {
            assertThat(valid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", " ", "01", "1.", ".5", "-", "1e", "+1", "[1,]", "{\"a\":1,}", "{\"a\"}",
                "{1:2}", "[1 2]", "{} {}", "tru", "nul", "falsey", "\"\\x\"", "\"\\u12g4\"", "\"open", "[", "{",
                "]", "'a'", "NaN", "[1]]"}) {
            assertThat(valid(bad)).as(bad).isFalse();
        }
    }

    @Example
    void depthAndNumberLengthLimits() {
        String deep = "[".repeat(DEPTH) + "]".repeat(DEPTH);
        String tooDeep = "[".repeat(DEPTH + 1) + "]".repeat(DEPTH + 1);
        assertThat(valid(deep)).isTrue();
        assertThat(valid(tooDeep)).isFalse();
        assertThat(valid("1".repeat(NUMBER))).isTrue();
        assertThat(valid("1".repeat(NUMBER + 1))).isFalse();
    }

    @Example
    void objectsAndArraysNestedBeyondSixtyFourLevelsCloseWithTheirOwnBracket() {
        // the kinds of the first 64 levels live in a register, deeper ones in an array: cross that line
        for (int levels : new int[] {63, 64, 65, 66, 130, 200}) {
            StringBuilder open = new StringBuilder();
            StringBuilder close = new StringBuilder();
            for (int d = 0; d < levels; d++) {
                boolean object = d % 3 != 1;
                open.append(object ? "{\"k\":" : "[0,");
                close.insert(0, object ? "}" : "]");
            }
            String ok = open + "1" + close;
            assertThat(valid(ok)).as("%d levels", levels).isTrue();
            for (int at = 0; at < close.length(); at++) {
                StringBuilder wrong = new StringBuilder(close);
                wrong.setCharAt(at, wrong.charAt(at) == '}' ? ']' : '}');
                String bad = open + "1" + wrong;
                assertThat(valid(bad)).as("%d levels, closer %d swapped", levels, at).isFalse();
                assertThat(jacksonAccepts(bad)).isFalse();
            }
        }
    }

    private static int check(byte[] b) {
        return JsonValidator.check(b, 0, b.length, DEPTH, NUMBER);
    }
}
