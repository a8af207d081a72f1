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
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.testkit.Scratch;

/**
 * A region in a scratch directory of its own (on /dev/shm when the machine has it, like the library's
 * default), deleted with everything in it on {@link #close()}.
 *
 * <p>It can also make a reader's next read a <em>fresh</em> one without a publish: after two publishes
 * both slots hold a committed version, and {@link #flip()} stores the other one's commit word, exactly
 * as a publish ends. The reader then copies, checks and parses a version it has not seen, and the
 * benchmark does not pay for the publish. Only the benchmark writes the header then (the writer is closed).
 */
public final class BenchRegion implements AutoCloseable {
    private final Path dir;
    private final Region region;
    private RegionBuffer header;
    private long wordA;
    private long wordB;
    private long word;

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
            wordA = latestWord();
            w.publishJson(json);
            wordB = latestWord();
        }
        word = wordB;
        header = new RegionBuffer(map(FileChannel.MapMode.READ_WRITE, RegionLayout.HEADER_SIZE));
        return this;
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

    private long latestWord() {
        return new RegionBuffer(map(FileChannel.MapMode.READ_ONLY, RegionLayout.HEADER_SIZE))
                .getLongAcquire(RegionLayout.LATEST_OFFSET);
    }

    /**
     * Commits the other of the two versions: one release-store of the commit word, as a publish ends.
     */
    public void flip() {
        word = word == wordA ? wordB : wordA;
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
