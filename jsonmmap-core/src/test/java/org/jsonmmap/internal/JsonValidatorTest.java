package org.jsonmmap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * on mutated documents (ASCII mutations, so UTF-8 strictness does not come in) both say the same.
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

    private static int check(byte[] b) {
        return JsonValidator.check(b, 0, b.length, DEPTH, NUMBER);
    }
}
