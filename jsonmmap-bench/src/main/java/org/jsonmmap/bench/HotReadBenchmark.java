package org.jsonmmap.bench;

import java.nio.channels.FileChannel;
import java.util.Optional;

import org.jsonmmap.RegionReader;
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Setup;

import tools.jackson.databind.JsonNode;

/**
 * Figure 1, hot read: {@link RegionReader#get()} when nothing changed, against its floor, one acquire-load
 * of a long from a mapped buffer (the region's own commit word, through the library's own RegionBuffer).
 * Run with {@code -prof gc} to see that {@code get()} allocates nothing.
 */
public class HotReadBenchmark extends RegionReadBenchmark {
    private RegionBuffer mapped;

    /** Publishes the 1 KiB document and reads it once, so that every measured call finds it cached. */
    @Setup
    public void setUp() {
        scratch = BenchRegion.create("hot");
        reader = scratch.publishAndReadOnce(Documents.bytes(Documents.Size.S1K));
        mapped = new RegionBuffer(scratch.map(FileChannel.MapMode.READ_ONLY, RegionLayout.HEADER_SIZE));
    }

    /** @return the cached tree */
    @Benchmark
    public Optional<JsonNode> get() {
        return reader.get();
    }

    /** @return the commit word, by one acquire-load: the floor */
    @Benchmark
    public long acquireLoadFloor() {
        return mapped.getLongAcquire(RegionLayout.LATEST_OFFSET);
    }
}
