package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

class JsonPatchTest {
    private static final ObjectMapper JSON = JsonMapper.shared();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void equalDocumentsGiveAnEmptyPatchWhateverTheMemberOrder() {
        assertThat(JsonPatch.diff(json("{\"a\":1,\"b\":[1,2]}"), json("{\"b\":[1,2],\"a\":1}"))).isEmpty();
    }

    /** Pairs of documents and the smallest patch between them, each named after the behaviour it shows. */
    static Stream<Arguments> smallestPatches() {
        return Stream.of(
                argumentSet("changed member is one replace at its escaped path",
                        "{\"a/b\":{\"c~d\":1},\"x\":true}", "{\"a/b\":{\"c~d\":2},\"x\":true}",
                        "[{\"op\":\"replace\",\"path\":\"/a~1b/c~0d\",\"value\":2}]"),
                argumentSet("added and removed members are add and remove",
                        "{\"old\":1,\"keep\":0}", "{\"keep\":0,\"new\":{\"n\":[1]}}",
                        "[{\"op\":\"remove\",\"path\":\"/old\"},"
                                + "{\"op\":\"add\",\"path\":\"/new\",\"value\":{\"n\":[1]}}]"),
                argumentSet("array insert in the middle is one add",
                        "[1,2,4,5]", "[1,2,3,4,5]",
                        "[{\"op\":\"add\",\"path\":\"/2\",\"value\":3}]"),
                argumentSet("array shrink removes at one index",
                        "[1,2,3,4,5]", "[1,5]",
                        "[{\"op\":\"remove\",\"path\":\"/1\"},{\"op\":\"remove\",\"path\":\"/1\"},"
                                + "{\"op\":\"remove\",\"path\":\"/1\"}]"));
    }

    @ParameterizedTest
    @MethodSource("smallestPatches")
    void diffIsTheSmallestPatchAndApplyingItGivesTheTarget(String from, String to, String expectedPatch) {
        ArrayNode patch = JsonPatch.diff(json(from), json(to));
        assertThat(patch).isEqualTo(json(expectedPatch));
        assertThat(JsonPatch.apply(json(from), patch)).isEqualTo(json(to));
    }

    @Test
    void differentTypesAndTheRootAreReplacedWhole() {
        assertThat(JsonPatch.diff(json("{\"a\":1}"), json("[1]")))
                .isEqualTo(json("[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]"));
        assertThat(JsonPatch.apply(json("{\"a\":1}"), json("[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]")))
                .isEqualTo(json("[1]"));
    }

    @Test
    void applyImplementsMoveCopyAndTestAsRfc6902Says() {
        // RFC 6902 appendix A.6, A.7 and A.8
        assertThat(JsonPatch.apply(json("{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}}"),
                json("[{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}]")))
                .isEqualTo(json("{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}"));
        assertThat(JsonPatch.apply(json("{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}"),
                json("[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]")))
                .isEqualTo(json("{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}"));
        assertThat(JsonPatch.apply(json("{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}"),
                json("[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]")))
                .isEqualTo(json("{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}"));
        assertThat(JsonPatch.apply(json("{\"a\":[1]}"), json("[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"},"
                + "{\"op\":\"add\",\"path\":\"/b/-\",\"value\":2}]"))).isEqualTo(json("{\"a\":[1],\"b\":[1,2]}"));
    }

    @Test
    void failedTestOrMissingPathFailsTheWholePatchAndLeavesTheInputAlone() {
        JsonNode doc = json("{\"baz\":\"qux\"}");
        assertThatThrownBy(() -> JsonPatch.apply(doc, json("[{\"op\":\"remove\",\"path\":\"/baz\"},"
                + "{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operation 1");
        assertThatThrownBy(() -> JsonPatch.apply(doc, json("[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value at /a");
        assertThatThrownBy(() -> JsonPatch.apply(doc, json("[{\"op\":\"add\",\"path\":\"/x\"}]")))
                .hasMessageContaining("'value' is missing");
        assertThatThrownBy(() -> JsonPatch.apply(json("[1]"), json("[{\"op\":\"add\",\"path\":\"/5\",\"value\":1}]")))
                .hasMessageContaining("past the end");
        assertThat(doc).isEqualTo(json("{\"baz\":\"qux\"}"));
    }

    @Test
    void diffOfReadOnlyTreesFromARegionWorks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Region region = Region.named("p", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"a\":{\"b\":[1,2]}}");
            JsonNode first = r.get().orElseThrow();
            w.publishJson("{\"a\":{\"b\":[1,2,3]}}");
            JsonNode second = r.get().orElseThrow();
            ArrayNode patch = JsonPatch.diff(first, second);
            assertThat(JsonPatch.apply(first, patch)).isEqualTo(second);
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> i * 0x9E3779B97F4A7C15L);
    }

    /**
     * The property `watch --diff` relies on: patches applied in order to the first document give every
     * version. 300 fixed seeds, each a random first document and eight random edits of it (reproducible:
     * the seed is in the test's name).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void patchesAppliedInOrderToTheFirstDocumentReproduceEveryVersion(long seed) {
        Random random = new Random(seed);
        List<JsonNode> versions = new ArrayList<>();
        JsonNode doc = randomValue(random, 0);
        versions.add(doc);
        for (int i = 0; i < 8; i++) {
            doc = mutate(doc.deepCopy(), random, 0);
            versions.add(doc);
        }
        JsonNode replayed = versions.get(0);
        for (int i = 1; i < versions.size(); i++) {
            ArrayNode patch = JsonPatch.diff(versions.get(i - 1), versions.get(i));
            // the patch survives a round trip through text, as watch --diff prints it
            replayed = JsonPatch.apply(replayed, json(patch.toString()));
            assertThat(replayed).as("version %d from seed %d, patch %s", i, seed, patch).isEqualTo(versions.get(i));
            if (versions.get(i - 1).equals(versions.get(i))) {
                assertThat(patch).isEmpty();
            }
        }
    }

    private static JsonNode randomValue(Random r, int depth) {
        int kind = r.nextInt(depth >= 3 ? 5 : 7);
        switch (kind) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(r.nextBoolean());
            case 2: return NODES.numberNode(r.nextInt(10));
            case 3: return NODES.stringNode(randomKey(r));
            case 4: return NODES.numberNode(r.nextInt(100) / 4.0);
            case 5: {
                ObjectNode o = NODES.objectNode();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    o.set(randomKey(r), randomValue(r, depth + 1));
                }
                return o;
            }
            default: {
                ArrayNode a = NODES.arrayNode();
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    a.add(randomValue(r, depth + 1));
                }
                return a;
            }
        }
    }

    private static String randomKey(Random r) {
        String[] keys = {"a", "b", "c", "db", "a/b", "m~n", "", "0", "-"};
        return keys[r.nextInt(keys.length)];
    }

    /** A few random edits: keep, replace, add, remove, insert, or recurse into a child. */
    private static JsonNode mutate(JsonNode node, Random r, int depth) {
        int what = r.nextInt(10);
        if (what == 0 || depth > 4) {
            return node;
        }
        if (what == 1) {
            return randomValue(r, depth);
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>(o.propertyNames());
            if (what <= 3 || names.isEmpty()) {
                o.set(randomKey(r), randomValue(r, depth + 1));
            } else if (what <= 5) {
                o.remove(names.get(r.nextInt(names.size())));
            } else {
                String k = names.get(r.nextInt(names.size()));
                o.set(k, mutate(o.get(k), r, depth + 1));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            if (what <= 3 || a.isEmpty()) {
                a.insert(r.nextInt(a.size() + 1), randomValue(r, depth + 1));
            } else if (what <= 5) {
                a.remove(r.nextInt(a.size()));
            } else {
                int i = r.nextInt(a.size());
                a.set(i, mutate(a.get(i), r, depth + 1));
            }
            return a;
        }
        return randomValue(r, depth);
    }
}
