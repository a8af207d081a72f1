package org.jsonmmap.bench;

import java.nio.channels.FileChannel;
import java.util.Optional;

import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import tools.jackson.databind.JsonNode;

/**
 * Figure 1, hot read: {@link RegionReader#get()} when nothing changed, against its floor, one acquire-load
 * of a long from a mapped buffer (the region's own commit word, through the library's own RegionBuffer).
 * Run with {@code -prof gc} to see that {@code get()} allocates nothing.
 */
public class HotReadBenchmark extends BenchmarkDefaults {
    private BenchRegion scratch;
    private RegionReader reader;
    private RegionBuffer mapped;

    /** Publishes the 1 KiB document and reads it once, so that every measured call finds it cached. */
    @Setup
    public void setUp() {
        scratch = BenchRegion.create("hot");
        try (RegionWriter w = scratch.region().openWriter()) {
            w.publishJson(Documents.bytes(Documents.Size.S1K));
        }
        reader = scratch.region().openReader();
        reader.get();
        mapped = new RegionBuffer(scratch.map(FileChannel.MapMode.READ_ONLY, RegionLayout.HEADER_SIZE));
    }

    /** Closes the reader and deletes the scratch directory. */
    @TearDown
    public void tearDown() {
        reader.close();
        scratch.close();
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
