package org.jsonmmap.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.RegionReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import tools.jackson.databind.JsonNode;

/**
 * Figure 2, fresh read: the first {@link RegionReader#get()} after a new version was committed (copy out
 * of the mapping, sequence and CRC-32 check, parse into a frozen tree), against its floor, Jackson
 * parsing the same bytes from a heap {@code byte[]} into a {@link JsonNode}. The new version comes from
 * {@link BenchRegion#flip()}, so the publish itself is not measured.
 */
@Warmup(iterations = 8, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FreshReadBenchmark extends RegionReadBenchmark {
    /** Document size label. */
    @Param({"1KiB", "64KiB", "1MiB"})
    public String size;

    private byte[] json;

    /** Commits the document twice so that {@link BenchRegion#flip()} can alternate between the two. */
    @Setup
    public void setUp() {
        json = Documents.bytes(Documents.Size.of(size));
        scratch = BenchRegion.create("fresh").publishTwiceForFlips(json);
        reader = scratch.region().openReader();
    }

    /** @return the tree of a version the reader has not seen */
    @Benchmark
    public Optional<JsonNode> get() {
        scratch.flip();
        return reader.get();
    }

    /** @return the same bytes parsed by Jackson from the heap: the floor */
    @Benchmark
    public JsonNode jacksonParseFloor() {
        return Documents.parse(json);
    }
}
