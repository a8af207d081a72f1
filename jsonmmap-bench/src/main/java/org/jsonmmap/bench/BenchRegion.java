package org.jsonmmap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.jsonmmap.internal.Checksum;
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.internal.SlotDescriptor;
import org.jsonmmap.testkit.Scratch;

/**
 * A region in a scratch directory of its own (on /dev/shm when the machine has it, like the library's
 * default), deleted with everything in it on {@link #close()}.
 *
 * <p>It can also make a reader's next read a <em>fresh</em> one without a publish: after two publishes
 * both slots hold the same document, and {@link #flip()} turns the other slot into the next version (its
 * descriptor's version and CRC-32) and stores its commit word, as a publish ends. The reader then copies,
 * checks and parses a version it has not seen, newer than the last (a reader refuses a version that goes
 * back), and the benchmark does not pay for the publish. Only the benchmark writes the header then (the
 * writer is closed), and only between reads on the same thread, so the slot's sequence need not move.
 */
public final class BenchRegion implements AutoCloseable {
    private final Path dir;
    private final Region region;
    private RegionBuffer header;
    private long word;
    /** Per slot: the seal of its descriptor with version 0, and what each bit of the version adds to it. */
    private final int[] sealOfVersionZero = new int[RegionLayout.SLOT_COUNT];
    private final int[][] sealOfVersionBit = new int[RegionLayout.SLOT_COUNT][Long.SIZE];

    private BenchRegion(Path dir, Region region) {
        this.dir = dir;
        this.region = region;
    }

    /**
     * A new, empty scratch directory with a region called {@code name} in it (not created yet).
     *
     * @param name the region name
     * @return the scratch region
     */
    public static BenchRegion create(String name) {
        Path dir = scratchDirectory();
        return new BenchRegion(dir, Region.named(name, dir));
    }

    /**
     * A new scratch directory: under /dev/shm if it exists, else under java.io.tmpdir.
     *
     * @return the directory
     */
    public static Path scratchDirectory() {
        return Scratch.onTmpfs("bench").path();
    }

    /** @return the region */
    public Region region() {
        return region;
    }

    /** @return the scratch directory */
    public Path directory() {
        return dir;
    }

    /**
     * Publishes {@code json} twice with a writer sized for it, closes the writer, and prepares
     * {@link #flip()}.
     *
     * @param json the document
     * @return this
     */
    public BenchRegion publishTwiceForFlips(byte[] json) {
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(json.length))) {
            w.publishJson(json);
            w.publishJson(json);
        }
        header = new RegionBuffer(map(FileChannel.MapMode.READ_WRITE, RegionLayout.HEADER_SIZE));
        word = header.getLongAcquire(RegionLayout.LATEST_OFFSET);
        // CRC-32 is affine in the bits of a message of fixed length: seal(v) = seal(0) ^ (xor over the set bits i
        // of v of seal(1 << i) ^ seal(0)), so a flip seals the next version without a pass over the payload
        Checksum checksum = new Checksum();
        for (int slot = 0; slot < RegionLayout.SLOT_COUNT; slot++) {
            SlotDescriptor d = SlotDescriptor.loadPlain(header, slot);
            sealOfVersionZero[slot] = seal(checksum, d, 0, json);
            for (int bit = 0; bit < Long.SIZE; bit++) {
                sealOfVersionBit[slot][bit] = seal(checksum, d, 1L << bit, json) ^ sealOfVersionZero[slot];
            }
        }
        return this;
    }

    private static int seal(Checksum checksum, SlotDescriptor d, long version, byte[] json) {
        return checksum.seal(version, d.offset(), d.capacity(), d.length(), d.published(), d.epoch(), d.tag(), json, 0);
    }

    /**
     * Publishes {@code json} once with a writer sized for it, closes the writer, and opens a reader that has
     * read it: the reader's next {@code get()} finds the tree cached.
     *
     * @param json the document
     * @return the reader (the caller closes it)
     */
    public RegionReader publishAndReadOnce(byte[] json) {
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(json.length))) {
            w.publishJson(json);
        }
        RegionReader reader = region.openReader();
        reader.get();
        return reader;
    }

    /**
     * Commits the next version in the other slot: its descriptor's version and seal (plain stores, from the
     * precomputed seals), then one release-store of the commit word, as a publish ends.
     */
    public void flip() {
        int slot = 1 - RegionLayout.slotOf(word);
        long version = RegionLayout.versionOf(word) + 1;
        int seal = sealOfVersionZero[slot];
        for (long bits = version; bits != 0; bits &= bits - 1) {
            seal ^= sealOfVersionBit[slot][Long.numberOfTrailingZeros(bits)];
        }
        int descriptor = RegionLayout.slotOffset(slot);
        header.putLongPlain(descriptor + RegionLayout.VERSION_FIELD, version);
        header.putIntPlain(descriptor + RegionLayout.CRC_FIELD, seal);
        word = RegionLayout.latestWord(version, RegionLayout.ownerOf(word), slot);
        header.putLongRelease(RegionLayout.LATEST_OFFSET, word);
    }

    /**
     * Maps the first {@code length} bytes of the region file.
     *
     * @param mode read-only or read-write
     * @param length how many bytes
     * @return the mapping
     */
    public MappedByteBuffer map(FileChannel.MapMode mode, long length) {
        StandardOpenOption[] opts = mode == FileChannel.MapMode.READ_ONLY
                ? new StandardOpenOption[] {StandardOpenOption.READ}
                : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        try (FileChannel ch = FileChannel.open(region.path(), opts)) {
            return ch.map(mode, 0, Math.min(length, ch.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the scratch directory and everything in it. */
    @Override
    public void close() {
        Scratch.deleteTree(dir);
    }
}
