package org.jsonmmap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.jsonmmap.RawSnapshot;
import org.jsonmmap.RegionReader;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The fresh-read benchmarks' premise: every flip is a new, newer, intact version to a reader. */
class BenchRegionTest {
    @Test
    void everyFlipIsTheNextVersionWithTheSameDocumentAndAValidChecksum() {
        for (Documents.Size size : Documents.Size.values()) {
            byte[] json = Documents.bytes(size);
            try (BenchRegion scratch = BenchRegion.create("flips").publishTwiceForFlips(json);
                    RegionReader reader = scratch.region().openReader()) {
                JsonNode expected = Documents.parse(json);
                long last = reader.version();
                for (int i = 0; i < 300; i++) { // crosses several carries of the version's low bits
                    scratch.flip();
                    Optional<JsonNode> value = reader.get();
                    RawSnapshot raw = reader.rawSnapshot().orElseThrow();
                    assertEquals(last + 1, raw.version(), size.label());
                    assertEquals(expected, value.orElseThrow(), size.label());
                    assertArrayEquals(json, raw.toByteArray(), size.label());
                    last = raw.version();
                }
            }
        }
    }
}
