package org.jsonmmap.bench;

import java.util.concurrent.TimeUnit;

import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import tools.jackson.databind.node.ObjectNode;

/**
 * Figure 4, publish: {@link RegionWriter#publish(Object)} of a tree (serialize, CRC-32, copy into the
 * mapping, commit), against its floor, Jackson serializing the same tree to a {@code byte[]}.
 */
@Warmup(iterations = 4, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PublishBenchmark extends BenchmarkDefaults {
    /** Document size label. */
    @Param({"1KiB", "64KiB", "1MiB"})
    public String size;

    private BenchRegion scratch;
    private RegionWriter writer;
    private ObjectNode tree;

    /** Opens a writer whose slots already fit the document, so that no publish grows the file. */
    @Setup
    public void setUp() {
        tree = Documents.tree(Documents.Size.of(size));
        scratch = BenchRegion.create("publish");
        int length = Documents.mapper().writeValueAsBytes(tree).length;
        writer = scratch.region().openWriter(WriterOptions.defaults().withInitialCapacity(length));
        writer.publish(tree);
    }

    /** Closes the writer and deletes the scratch directory. */
    @TearDown
    public void tearDown() {
        writer.close();
        scratch.close();
    }

    /** @return the new version */
    @Benchmark
    public long publish() {
        return writer.publish(tree);
    }

    /** @return the tree serialized by Jackson: the floor */
    @Benchmark
    public byte[] jacksonWriteFloor() {
        return Documents.mapper().writeValueAsBytes(tree);
    }
}
