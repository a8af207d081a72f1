package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@ExtendWith(OpenRegion.class)
class RegionRoundTripTest {
    @TempDir
    Path dir;

    record Db(String url, int pool) {
    }

    record Config(String name, Db db, List<String> hosts, Map<String, Integer> limits) {
    }

    static final class MutableConfig {
        public String name;
        public List<String> hosts;
    }

    @Test
    void readerSeesNothingBeforeTheFirstPublish(RegionWriter w, RegionReader r) {
        assertThat(r.get()).isEmpty();
        assertThat(r.version()).isZero();
        assertThat(r.bytes()).isEmpty();
        assertThat(r.get(Config.class)).isEmpty();
        assertThat(r.snapshot()).isEmpty();
        assertThat(w.current()).isEmpty();
        assertThat(w.version()).isZero();
    }

    @Test
    void publishedValueRoundTripsWithStrictlyIncreasingVersions(RegionWriter w, RegionReader r) {
        Config c = new Config("svc", new Db("jdbc:x", 5), List.of("a", "b"), Map.of("rps", 10));
        long v1 = w.publish(c);
        assertThat(r.get(Config.class)).contains(c);
        long v2 = w.publish(Map.of("name", "ünïcødé ✓ 日本語"));
        assertThat(v2).isGreaterThan(v1);
        assertThat(r.version()).isEqualTo(v2);
        assertThat(r.get().orElseThrow().get("name").asString()).isEqualTo("ünïcødé ✓ 日本語");
        assertThat(r.text()).contains("{\"name\":\"ünïcødé ✓ 日本語\"}");
        assertThat(r.snapshot().orElseThrow().version()).isEqualTo(v2);
    }

    @Test
    void writerCurrentReturnsWhatItLastPublished(RegionWriter w) {
        w.publishJson("{\"a\":1}");
        assertThat(w.current().orElseThrow().get("a").asInt()).isEqualTo(1);
        assertThat(new String(w.currentBytes().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        w.publish(Map.of("a", 2));
        assertThat(w.current().orElseThrow().get("a").asInt()).isEqualTo(2);
    }

    @Test
    void updateMapsTheCurrentTreeToANewVersion(RegionWriter w, RegionReader r) {
        w.publishJson("{\"count\":1}");
        long v = w.update(tree -> ((ObjectNode) tree.deepCopy()).put("count", tree.get("count").asInt() + 1));
        assertThat(v).isEqualTo(2);
        assertThat(r.at("/count").orElseThrow().asInt()).isEqualTo(2);
    }

    @Test
    void jsonPointerLooksUpParts(RegionWriter w, RegionReader r) {
        w.publishJson("{\"db\":{\"url\":\"jdbc:pg\"},\"list\":[1,2,3]}");
        assertThat(r.at("/db/url").orElseThrow().asString()).isEqualTo("jdbc:pg");
        assertThat(r.at("/list/2").orElseThrow().asInt()).isEqualTo(3);
        assertThat(r.at("/nope")).isEmpty();
        assertThatThrownBy(() -> r.at("db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid JSON Pointer 'db'");
    }

    @Test
    void genericTypesAreReadWithATypeReference(RegionWriter w, RegionReader r) {
        w.publishJson("[{\"url\":\"a\",\"pool\":1},{\"url\":\"b\",\"pool\":2}]");
        List<Db> dbs = r.get(new TypeReference<List<Db>>() { }).orElseThrow();
        assertThat(dbs).containsExactly(new Db("a", 1), new Db("b", 2));
    }

    @Test
    void treeHandedOutIsReadOnlyAndShared(RegionWriter w, RegionReader r) {
        w.publishJson("{\"a\":{\"b\":[1,2]},\"c\":3}");
        ObjectNode tree = (ObjectNode) r.get().orElseThrow();
        assertThat(r.get().orElseThrow()).isSameAs(tree);
        assertThatThrownBy(() -> tree.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tree.remove("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tree.removeAll()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tree.properties().iterator().next().setValue(null))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((ObjectNode) tree.get("a")).withArray("b").add(3))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((ObjectNode) tree.get("a")).withArray("b").removeAll())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tree.get("a").get("b").values().iterator().remove())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.get().orElseThrow().toString()).isEqualTo("{\"a\":{\"b\":[1,2]},\"c\":3}");
        ObjectNode copy = tree.deepCopy();
        copy.put("x", 1);
        assertThat(copy.get("x").asInt()).isEqualTo(1);
    }

    @Test
    void recordsAreCachedWithReadOnlyCollectionsWhilePojosAreParsedPerCall(RegionWriter w, RegionReader r) {
        w.publish(new Config("svc", new Db("u", 1), List.of("h1"), Map.of("k", 1)));
        Config c = r.get(Config.class).orElseThrow();
        assertThat(r.get(Config.class).orElseThrow()).isSameAs(c);
        assertThatThrownBy(() -> c.hosts().add("evil")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.limits().put("evil", 1)).isInstanceOf(UnsupportedOperationException.class);
        MutableConfig m1 = r.get(MutableConfig.class).orElseThrow();
        m1.name = "changed";
        m1.hosts.add("mine");
        MutableConfig m2 = r.get(MutableConfig.class).orElseThrow();
        assertThat(m2).isNotSameAs(m1);
        assertThat(m2.name).isEqualTo("svc");
        assertThat(m2.hosts).containsExactly("h1");
    }

    @Test
    void documentsLargerThanTheCapacityGrowTheRegion(Region region) {
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(128));
             RegionReader r = region.openReader()) {
            w.publishJson("{\"small\":true}");
            assertThat(r.get()).isPresent();
            StringBuilder big = new StringBuilder("[");
            for (int i = 0; i < 100_000; i++) {
                big.append(i).append(',');
            }
            big.append("0]");
            long v = w.publishJson(big.toString());
            assertThat(r.version()).isEqualTo(v);
            assertThat(r.get().orElseThrow().size()).isEqualTo(100_001);
            assertThat(region.info().fileLength()).isGreaterThan(big.length());
            w.publishJson("{\"small\":false}");
            assertThat(r.at("/small").orElseThrow().asBoolean()).isFalse();
        }
    }

    @Test
    void versionOverTheMaximumCapacityIsRefusedAndThePreviousStays(Region region) {
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withMaxCapacity(100));
             RegionReader r = region.openReader()) {
            w.publishJson("{\"ok\":1}");
            String big = "[" + "1,".repeat(100) + "1]";
            assertThatThrownBy(() -> w.publishJson(big)).isInstanceOf(CapacityExceededException.class)
                    .hasMessageContaining("is 203 bytes, over the maximum capacity of 100 bytes; version 1 stays");
            assertThat(r.text()).contains("{\"ok\":1}");
            assertThat(w.publishJson("{\"ok\":2}")).isEqualTo(2);
        }
    }

    @Test
    void invalidJsonIsRefusedAndThePreviousVersionStays(RegionWriter w, RegionReader r) {
        w.publishJson("{\"ok\":1}");
        assertThatThrownBy(() -> w.publishJson("{\"a\":")).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> w.publishJson("{} {}")).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("expected one JSON value, found more content");
        assertThatThrownBy(() -> w.publishJson("")).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> w.publishJson("{\"s\":\"bad \\q escape\"}")).isInstanceOf(InvalidJsonException.class);
        assertThat(r.text()).contains("{\"ok\":1}");
        assertThat(w.version()).isEqualTo(1);
    }

    static final class Unserializable {
        public Object getBoom() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void valueThatCannotBeSerializedPublishesNothing(RegionWriter w, RegionReader r) {
        w.publishJson("{\"ok\":1}");
        assertThatThrownBy(() -> w.publish(new Unserializable())).isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot serialize a value of " + Unserializable.class.getName());
        assertThat(r.text()).contains("{\"ok\":1}");
        assertThat(w.current().orElseThrow().get("ok").asInt()).isEqualTo(1);
        assertThat(w.publishJson("{\"ok\":2}")).isEqualTo(2);
    }

    @Test
    void typeMismatchIsASerializationErrorNamingTheType(RegionWriter w, RegionReader r) {
        w.publishJson("[1,2]");
        assertThatThrownBy(() -> r.get(Db.class)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not fit").hasMessageContaining("Db");
    }

    @Test
    void readerRefusesDocumentsOverItsLimits(Region region) {
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("[[[[[[1]]]]]]");
            try (RegionReader r = region.openReader(ReaderOptions.defaults().withMaxNestingDepth(3))) {
                assertThatThrownBy(r::get).isInstanceOf(InvalidJsonException.class).hasMessageContaining("depth");
            }
            try (RegionReader r = region.openReader(ReaderOptions.defaults().withMaxDocumentBytes(5))) {
                assertThatThrownBy(r::get).isInstanceOf(CapacityExceededException.class)
                        .hasMessageContaining("is 13 bytes, over this reader's limit of 5 bytes");
            }
        }
    }

    @Test
    void everyUseAfterCloseFailsClearly() {
        Region region = Region.named("cfg", dir);
        RegionWriter w = region.openWriter();
        w.publishJson("{}");
        RegionReader r = region.openReader();
        r.get();
        r.close();
        r.close();
        assertThatThrownBy(r::get).isInstanceOf(RegionClosedException.class).hasMessageContaining("reader of region 'cfg' is closed");
        assertThatThrownBy(r::version).isInstanceOf(RegionClosedException.class);
        assertThatThrownBy(r::bytes).isInstanceOf(RegionClosedException.class);
        assertThatThrownBy(() -> r.get(Db.class)).isInstanceOf(RegionClosedException.class);
        assertThatThrownBy(() -> r.subscribe(v -> { })).isInstanceOf(RegionClosedException.class);
        w.close();
        w.close();
        assertThatThrownBy(() -> w.publishJson("{}")).isInstanceOf(RegionClosedException.class)
                .hasMessageContaining("writer of region 'cfg' is closed");
        assertThatThrownBy(w::current).isInstanceOf(RegionClosedException.class);
    }

    @Test
    void newWriterResumesTheVersionSequenceAndMovesTheEpoch(Region region) {
        long epoch;
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{\"v\":1}");
            w.publishJson("{\"v\":2}");
            epoch = w.epoch();
        }
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            assertThat(w.epoch()).isEqualTo(epoch + 1);
            assertThat(w.version()).isEqualTo(2);
            assertThat(w.current().orElseThrow().get("v").asInt()).isEqualTo(2);
            assertThat(w.publishJson("{\"v\":3}")).isEqualTo(3);
            assertThat(r.snapshot().orElseThrow().epoch()).isEqualTo(epoch + 1);
        }
    }

    @Test
    void missingRegionIsNotFoundOrAwaited() throws Exception {
        Region region = Region.named("later", dir);
        assertThatThrownBy(region::openReader).isInstanceOf(RegionNotFoundException.class)
                .hasMessageContaining("region 'later' does not exist");
        assertThatThrownBy(() -> region.awaitCreation(java.time.Duration.ofMillis(50)))
                .isInstanceOf(RegionNotFoundException.class).hasMessageContaining("did not appear within PT0.05S");
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            try (RegionWriter w = region.openWriter()) {
                w.publishJson("{\"hello\":1}");
            }
        });
        t.start();
        try (RegionReader r = region.awaitCreation(java.time.Duration.ofSeconds(10))) {
            assertThat(r.awaitChange(0, java.time.Duration.ofSeconds(10))).isPresent();
            assertThat(r.at("/hello")).isPresent();
        }
        t.join();
    }

    @Test
    void infoDescribesTheRegion(Region region) {
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{\"a\":1}", 77);
            RegionInfo info = region.info();
            assertThat(info.version()).isEqualTo(1);
            assertThat(info.size()).isEqualTo(7);
            assertThat(info.tag()).isEqualTo(77);
            assertThat(info.writerAlive()).isTrue();
            assertThat(info.writerPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(info.mode()).isEqualTo("0600");
            assertThat(info.lastPublish()).isNotNull();
            assertThat(info.epoch()).isEqualTo(w.epoch());
        }
        assertThat(region.info().writerAlive()).isFalse();
        assertThat(region.verify()).isEmpty();
    }

    @Test
    void optionalIsNeverNullForJsonNull(RegionWriter w, RegionReader r) {
        w.publishJson("null");
        Optional<JsonNode> v = r.get();
        assertThat(v).isPresent();
        assertThat(v.get().isNull()).isTrue();
    }

    @Test
    void writerStatusIsSeenByReadersAndResetOnTakeover(Region region) {
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"a\":1}");
            assertThat(r.status().flags()).isZero();
            RegionStatus set = w.setStatus(RegionStatus.SOURCE_DISCONNECTED);
            assertThat(r.status()).isEqualTo(set);
            assertThat(r.status().sourceDisconnected()).isTrue();
            assertThat(r.status().sourceInvalid()).isFalse();
            assertThat(r.get()).isPresent();
            assertThat(region.info().status().sourceDisconnected()).isTrue();
            assertThatThrownBy(() -> w.setStatus(256)).isInstanceOf(IllegalArgumentException.class);
        }
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            assertThat(r.status().flags()).isZero();
            assertThat(w.status().flags()).isZero();
        }
    }

    @Test
    void byteBufferIsAReadOnlyViewOfTheCheckedBytes(RegionWriter w, RegionReader r) {
        assertThat(r.byteBuffer()).isEmpty();
        w.publishJson("{\"a\":\"ü\"}");
        java.nio.ByteBuffer view = r.byteBuffer().orElseThrow();
        assertThat(view.isReadOnly()).isTrue();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        assertThat(new String(copy, StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"ü\"}");
        assertThat(r.byteBuffer().orElseThrow().remaining()).as("each call has its own position").isEqualTo(copy.length);
        assertThatThrownBy(() -> r.byteBuffer().orElseThrow().put(0, (byte) 'x'))
                .isInstanceOf(java.nio.ReadOnlyBufferException.class);
    }

    @Test
    void frozenTreesCanBeTraversedAndSerializedRepeatedly(RegionWriter w, RegionReader r) {
        w.publishJson("{\"a\":{\"b\":[1,2]},\"c\":3}");
        JsonNode tree = r.get().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(tree.toString()).isEqualTo("{\"a\":{\"b\":[1,2]},\"c\":3}");
            assertThat(tree.propertyNames()).containsExactly("a", "c");
        }
        assertThatThrownBy(() -> tree.propertyNames().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
