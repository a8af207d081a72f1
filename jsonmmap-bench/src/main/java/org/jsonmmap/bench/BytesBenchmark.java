package org.jsonmmap.bench;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

import org.jsonmmap.RegionReader;
import org.jsonmmap.internal.RegionLayout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 3, raw bytes: {@link RegionReader#bytes()} when nothing changed and right after a new version, and
 * {@link RegionReader#byteBuffer()} (the read-only view, no second copy) right after a new version,
 * against its floor, a fresh {@code byte[]} filled by a plain copy of the same length out of a mapped
 * buffer (the payload of the same region file).
 */
public class BytesBenchmark extends BenchmarkDefaults {
    /** Document size label. */
    @Param({"1KiB", "64KiB", "1MiB"})
    public String size;

    private BenchRegion scratch;
    private RegionReader reader;
    private MappedByteBuffer mapped;
    private int length;

    /** Commits the document twice (for flips) and maps the file for the floor. */
    @Setup
    public void setUp() {
        byte[] json = Documents.bytes(Documents.Size.of(size));
        length = json.length;
        scratch = BenchRegion.create("bytes").publishTwiceForFlips(json);
        reader = scratch.region().openReader();
        reader.bytes();
        mapped = scratch.map(FileChannel.MapMode.READ_ONLY, Long.MAX_VALUE);
    }

    /** Closes the reader and deletes the scratch directory. */
    @TearDown
    public void tearDown() {
        reader.close();
        scratch.close();
    }

    /** @return a copy of the cached bytes */
    @Benchmark
    public Optional<byte[]> bytesUnchanged() {
        return reader.bytes();
    }

    /** @return the bytes of a version the reader has not seen (copied, checked, then copied for the caller) */
    @Benchmark
    public Optional<byte[]> bytesAfterPublish() {
        scratch.flip();
        return reader.bytes();
    }

    /** @return a read-only view of a version the reader has not seen (copied out once and checked) */
    @Benchmark
    public Optional<ByteBuffer> byteBufferAfterPublish() {
        scratch.flip();
        return reader.byteBuffer();
    }

    /** @return a fresh array with the payload copied out of the mapping: the floor */
    @Benchmark
    public byte[] mappedCopyFloor() {
        byte[] dst = new byte[length];
        mapped.get(RegionLayout.HEADER_SIZE, dst, 0, length);
        return dst;
    }
}
