package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawPublishTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRangeOfTheCallersArrayIsPublishedAndTheArrayMayBeReusedAtOnce() {
        Region region = Region.named("range", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            byte[] buf = utf8("xx{\"a\":1}yy");
            assertThat(w.publishJson(buf, 2, 7, 5)).isEqualTo(1);
            buf[3] = 'Z'; // the caller reuses its array
            RawSnapshot s = r.rawSnapshot().orElseThrow();
            assertThat(s.text()).isEqualTo("{\"a\":1}");
            assertThat(s.tag()).isEqualTo(5);
            assertThat(w.currentBytes().map(String::new)).hasValue("{\"a\":1}");
            assertThat(w.current().orElseThrow().get("a").asInt()).isEqualTo(1);
            assertThatThrownBy(() -> w.publishJson(buf, 8, 7, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void heapAndDirectBuffersArePublishedFromPositionToLimitWithoutMovingThePosition() {
        Region region = Region.named("buffers", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            ByteBuffer heap = ByteBuffer.wrap(utf8("  [1,2]"));
            heap.position(2);
            assertThat(w.publishJson(heap, 0)).isEqualTo(1);
            assertThat(heap.position()).isEqualTo(2);
            assertThat(r.text()).hasValue("[1,2]");
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put(utf8("{\"d\":true}")).flip();
            assertThat(w.publishJson(direct, 9)).isEqualTo(2);
            assertThat(direct.position()).isZero();
            assertThat(r.rawSnapshot().orElseThrow().text()).isEqualTo("{\"d\":true}");
            assertThat(w.current().orElseThrow().get("d").asBoolean()).isTrue();
        }
    }

    @Test
    void invalidRawJsonPublishesNothingAndSaysWhere() {
        Region region = Region.named("invalid", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"ok\":1}");
            assertThatThrownBy(() -> w.publishJson(utf8("{\"a\":1,}"))).isInstanceOf(InvalidJsonException.class)
                    .hasMessageContaining("line 1, column 8");
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'};
            assertThatThrownBy(() -> w.publishJson(bom)).isInstanceOf(InvalidJsonException.class)
                    .hasMessageContaining("byte-order mark");
            byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
            assertThatThrownBy(() -> w.publishJson(surrogate)).isInstanceOf(InvalidJsonException.class);
            assertThat(w.version()).isEqualTo(1);
            assertThat(r.text()).hasValue("{\"ok\":1}");
            assertThat(w.currentBytes().map(String::new)).hasValue("{\"ok\":1}");
        }
    }

    @Test
    void typedPublishAfterARawOneKeepsItsOwnCopy() {
        Region region = Region.named("mixed", dir);
        try (RegionWriter w = region.openWriter()) {
            w.publishJson(utf8("{\"raw\":1}"));
            w.publish(java.util.Map.of("typed", 2));
            assertThat(w.current().orElseThrow().get("typed").asInt()).isEqualTo(2);
            w.publishJson(utf8("{\"raw\":3}"));
            w.publishJson(utf8("{\"raw\":4}"));
            assertThat(w.currentBytes().map(String::new)).hasValue("{\"raw\":4}");
        }
    }
}
