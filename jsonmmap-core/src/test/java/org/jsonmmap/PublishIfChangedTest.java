package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(OpenRegion.class)
class PublishIfChangedTest {
    @TempDir
    Path dir;

    @Test
    void sameBytesKeepTheVersionAndWriteNothing(RegionWriter w, RegionReader r) {
        assertThat(w.publishJsonIfChanged(bytes("{\"a\":1}"))).isEqualTo(1);
        long published = r.info().lastPublish().toEpochMilli();
        assertThat(w.publishJsonIfChanged(bytes("{\"a\":1}"))).isEqualTo(1);
        assertThat(w.publishIfChanged(Map.of("a", 1))).isEqualTo(1);
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.info().lastPublish().toEpochMilli()).isEqualTo(published);
    }

    @Test
    void sameTreeWithOtherSpacingOrMemberOrderKeepsTheVersion(RegionWriter w) {
        w.publishJson("{\"a\":1,\"b\":[true,null]}");
        assertThat(w.publishJsonIfChanged(bytes("{ \"b\" : [ true , null ],\n  \"a\" : 1 }\n"))).isEqualTo(1);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("b", java.util.Arrays.asList(true, null));
        reordered.put("a", 1);
        assertThat(w.publishIfChanged(reordered)).isEqualTo(1);
    }

    @Test
    void changedDocumentIsPublishedAsTheNextVersion(RegionWriter w, RegionReader r) {
        w.publishJson("{\"a\":1}");
        assertThat(w.publishJsonIfChanged(bytes("{\"a\":2}"))).isEqualTo(2);
        assertThat(w.publishIfChanged(Map.of("a", 2.5))).isEqualTo(3);
        assertThat(r.get().orElseThrow().get("a").asDouble()).isEqualTo(2.5);
        assertThat(w.current().orElseThrow().get("a").asDouble()).isEqualTo(2.5);
    }

    @Test
    void aNewWriterComparesWithTheVersionItTookOver() {
        Region region = OpenRegion.publishedOnce(dir, "c", "{\"a\":1}");
        try (RegionWriter w = region.openWriter()) {
            assertThat(w.publishJsonIfChanged(bytes("{\"a\":1}"))).isEqualTo(1);
            assertThat(w.publishJsonIfChanged(bytes("{\"a\":3}"))).isEqualTo(2);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
