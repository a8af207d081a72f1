package org.jsonmmap.bench;

import java.util.concurrent.TimeUnit;

import org.jsonmmap.JsonDocuments;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RegionWriter#publishJsonIfChanged(byte[])}: what the check costs when nothing changed (it must stay
 * near its floor, the JSON token pass every raw publish makes, and well under a publish), and what it adds to a
 * publish when the document did change (a parse and a tree comparison).
 */
@Warmup(iterations = 3, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PublishIfChangedBenchmark extends BenchmarkDefaults {
    /** Document size label. */
    @Param({"1KiB", "64KiB"})
    public String size;

    private BenchRegion scratch;
    private RegionWriter writer;
    private byte[] json;
    private byte[] other;
    private boolean flip;

    /** Opens a writer whose slots fit the documents and publishes the first one. */
    @Setup
    public void setUp() {
        json = Documents.bytes(Documents.Size.of(size));
        // the same document with one value changed: as long, another tree
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.lastIndexOf('1');
        other = (text.substring(0, at) + '2' + text.substring(at + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        scratch = BenchRegion.create("ifchanged");
        writer = scratch.region().openWriter(WriterOptions.defaults().withInitialCapacity(json.length + 64));
        writer.publishJson(json);
    }

    /** Closes the writer and deletes the scratch directory. */
    @TearDown
    public void tearDown() {
        writer.close();
        scratch.close();
    }

    /** @return the current version: the same bytes again, nothing is written */
    @Benchmark
    public long ifChangedUnchanged() {
        return writer.publishJsonIfChanged(json);
    }

    /** @return a new version each time: the documents alternate, so each is a change */
    @Benchmark
    public long ifChangedChanged() {
        return writer.publishJsonIfChanged(nextDocument());
    }

    /** @return a new version each time, without the check */
    @Benchmark
    public long publishJson() {
        return writer.publishJson(nextDocument());
    }

    /** @return the tree of the document, parsed by plain Jackson: the part of a changed publish that the check adds */
    @Benchmark
    public Object parseFloor() {
        return Documents.parse(nextDocument());
    }

    /** The two documents in turn, so that each call of a changing benchmark is a change. */
    private byte[] nextDocument() {
        flip = !flip;
        return flip ? other : json;
    }

    /** The floor of the unchanged case: the token pass that checks raw JSON is one value. */
    @Benchmark
    public void validateFloor() {
        JsonDocuments.validate(json);
    }
}
