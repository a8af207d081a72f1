package org.jsonmmap;

import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.alignPayload;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.jsonmmap.internal.FileModes;
import org.jsonmmap.internal.CommitSignal;
import org.jsonmmap.internal.GrowableBytes;
import org.jsonmmap.internal.HeaderCheck;
import org.jsonmmap.internal.Jackson;
import org.jsonmmap.internal.PathSafety;
import org.jsonmmap.internal.ReadProtocol;
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.internal.TrustedPaths;
import org.jsonmmap.internal.WriteProtocol;
import org.jsonmmap.internal.WriterLock;

import tools.jackson.databind.JsonNode;

/**
 * The master: the one process that publishes versions of a region's document.
 *
 * <p>Opening a writer takes an exclusive OS lock on the region's lock file; a second writer, in this
 * process or another, fails at once with {@link WriterLockedException} naming the holder's pid. When a
 * writer dies, even by {@code kill -9}, the OS drops the lock; the next writer takes over, increments the
 * writer epoch and continues the version sequence from the latest valid version.
 *
 * <p>{@link #publish(Object)} serializes into a private buffer first, so a value that cannot be
 * serialized, or is too large, changes nothing. It then writes the document into the slot readers are
 * not being pointed at, seals it with a checksum, and commits it by one release-store of the commit
 * word: readers see the old version or the new one, never a mix (docs/FORMAT.md, "Publish").
 *
 * <p>A writer is thread-safe (publishes are serialized by a lock) and must be closed to release the
 * region. Cost of a publish: one serialization, one copy into the mapping, one CRC-32 pass, a few
 * ordered stores; growth adds an allocation of the new space; {@code durable} adds an msync.
 */
public final class RegionWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RegionWriter.class.getName());

    /** How long a publish waits for a slot that a writer which lost its lock file is still writing. */
    private static final long BUSY_SLOT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Region region;
    private final WriterOptions options;
    private final Jackson codec;
    private final WriterLock lock;
    private final FileChannel channel;
    private final WriteProtocol protocol;
    private final CommitSignal.Waker waker;

    private MappedByteBuffer mapped;
    private RegionBuffer buffer;
    private long mappedLength;
    private boolean closed;

    /* The last published document, kept in the writer's own memory for current(). */
    private GrowableBytes serialized = new GrowableBytes(1024);
    private GrowableBytes spare = new GrowableBytes(1024);
    private byte[] currentBytes;
    private long currentBytesVersion;
    /* The last publish took the raw path: the only copy of its bytes is the latest slot of the mapping. */
    private boolean currentInMapping;
    private Optional<JsonNode> currentTree = Optional.empty();
    private long currentTreeVersion;

    private RegionWriter(Region region, WriterOptions options, WriterLock lock, FileChannel channel,
                         MappedByteBuffer mapped, WriteProtocol.Takeover takeover) throws IOException {
        this.waker = new CommitSignal.Waker(channel);
        this.region = region;
        this.options = options;
        this.codec = Jackson.defaults();
        this.lock = lock;
        this.channel = channel;
        this.mapped = mapped;
        this.buffer = new RegionBuffer(mapped);
        this.mappedLength = mapped.capacity();
        this.protocol = takeover.protocol();
        if (takeover.latestBytes() != null) {
            currentBytes = takeover.latestBytes();
            currentBytesVersion = protocol.lastVersion();
        }
        // after the takeover stored our epoch: waiters trust the promise only while it names the current epoch
        waker.promiseWakesRelease(protocol.epoch());
    }

    /**
     * Opens {@code region} for writing, creating its file (and a missing default directory, mode 0700)
     * if needed. On an existing region it validates the header, takes over (epoch + 1) and resumes from
     * the latest valid version.
     *
     * @param region the region
     * @param options the writer's settings
     * @return the writer
     * @throws WriterLockedException if another writer holds the region
     * @throws RegionCorruptException if an existing file is not a valid region (it is left untouched)
     * @throws UnsafePathException if the path is a symbolic link or not a regular file
     */
    public static RegionWriter open(Region region, WriterOptions options) {
        region.ensureDirectory();
        PathSafety.refuseNonRegular(region.path(), region.name());
        region.checkTrusted(true);
        WriterLock lock = WriterLock.acquire(region.lockPath(), region.name());
        try {
            // a file marked deleted is never revived: it is replaced by a fresh one (at most once; a delete
            // that marks the fresh file again would need the lock, which this writer holds)
            for (int attempt = 0; ; attempt++) {
                if (!region.exists()) {
                    create(region, options);
                }
                RegionWriter writer = takeOver(region, options, lock);
                if (writer != null) {
                    return writer;
                }
                if (attempt > 0) {
                    throw new RegionReplacedException("region '" + region.name() + "' was marked deleted again while"
                            + " this writer was creating it; open the writer again");
                }
                create(region, options);
            }
        } catch (IOException e) {
            lock.close();
            throw TrustedPaths.ioFailure("cannot open region '" + region.name() + "' for writing", region.path(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Opens the file at the region's path and takes it over; {@code null} if it carries the tombstone. */
    private static RegionWriter takeOver(Region region, WriterOptions options, WriterLock lock)
            throws IOException {
        PathSafety.refuseNonRegular(region.path(), region.name());
        FileChannel channel = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            long declared = HeaderCheck.check(channel, region.name());
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, declared);
            WriteProtocol.Owner owner = new WriteProtocol.Owner(region.name(), ProcessHandle.current().pid(),
                    options.maxCapacity(), lock.token(), RegionWriter::alive, nowMicros());
            WriteProtocol.Takeover t = WriteProtocol.takeOver(new RegionBuffer(mapped), declared, owner);
            if (t.deleted()) {
                channel.close();
                return null;
            }
            if (t.latestVoided()) {
                LOG.log(Level.WARNING, "region '" + region.name() + "': the latest version " + t.protocol().lastVersion()
                        + " does not validate; the next publish replaces it");
            }
            return new RegionWriter(region, options, lock, channel, mapped, t);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** Writes a fresh region to a temporary file and renames it into place, so no reader sees it half made. */
    private static void create(Region region, WriterOptions options) throws IOException {
        long capacity = alignPayload(options.initialCapacity());
        long length = HEADER_SIZE + 2 * capacity;
        Path tmp = region.path().resolveSibling("." + region.path().getFileName() + ".tmp-"
                + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try (FileChannel ch = FileModes.openCreating(tmp, options.mode(), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            allocate(ch, 0, length, region.name());
            ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
            WriteProtocol.formatHeader(h, System.currentTimeMillis(), ProcessHandle.current().pid(),
                    options.maxCapacity(), capacity);
            ch.write(h, 0);
            if (options.durable()) {
                ch.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            // atomic, and over a file marked deleted if one is there (it is never revived)
            Files.move(tmp, region.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (options.durable()) {
            syncDirectory(region.path().toAbsolutePath().getParent());
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot fsync directory " + dir + " (not supported here): " + e);
        }
    }

    /**
     * Writes zeros over [from, to) so the file system allocates every page now: a full /dev/shm fails here,
     * with an error, instead of with SIGBUS when a mapped page is first touched.
     */
    static void allocate(FileChannel ch, long from, long to, String name) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(0, to - from)));
        long pos = from;
        try {
            while (pos < to) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), to - pos));
                pos += ch.write(zeros, pos);
            }
        } catch (IOException e) {
            if (isNoSpace(e)) {
                throw new StorageFullException("region '" + name + "' cannot grow to " + to + " bytes: no space left on"
                        + " the file system (needed " + (to - from) + " more bytes, got " + (pos - from) + ")", e);
            }
            throw e;
        }
    }

    private static boolean isNoSpace(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota exceeded")
                || (e instanceof FileSystemException && String.valueOf(((FileSystemException) e).getReason()).contains("space"));
    }

    private void map(long length) throws IOException {
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        buffer = new RegionBuffer(mapped);
        mappedLength = length;
    }

    /**
     * Serializes {@code value} and publishes it as the next version.
     *
     * @param value anything the codec can serialize: a {@link JsonNode}, a record, a POJO, a Map or List
     * @return the new version
     * @throws SerializationException if it cannot be serialized (nothing is published)
     * @throws ValidationFailedException if the options' {@linkplain WriterOptions#withValidator validator}
     *     refuses it (nothing is published)
     * @throws CapacityExceededException if it is larger than the maximum capacity (nothing is published)
     * @throws StorageFullException if the region had to grow and the file system is full (nothing is published)
     * @throws StaleWriterException if another writer has taken the region over since this one opened it
     * @throws RegionClosedException if the writer is closed
     */
    public long publish(Object value) {
        return publish(value, 0);
    }

    /**
     * Like {@link #publish(Object)}, recording an application tag beside the version (readers see it in
     * {@link Versioned#tag()}; the ZooKeeper bridge records the znode's mzxid there).
     *
     * @param value the value
     * @param tag any 64-bit number
     * @return the new version
     */
    public synchronized long publish(Object value, long tag) {
        checkOpen();
        return commitSerialized(serialize(value), tag, null);
    }

    /**
     * Publishes raw JSON after checking it is exactly one JSON value.
     *
     * @param json UTF-8 JSON text
     * @return the new version
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     */
    public long publishJson(byte[] json) {
        return publishJson(json, 0);
    }

    /**
     * Publishes raw JSON after checking it is exactly one JSON value, with an application tag.
     *
     * @param json UTF-8 JSON text
     * @param tag any 64-bit number
     * @return the new version
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     */
    public long publishJson(byte[] json, long tag) {
        return publishJson(json, 0, json.length, tag);
    }

    /**
     * Publishes {@code length} bytes of raw JSON from {@code offset} after checking they are exactly one JSON
     * value. The raw path: one validating pass over the caller's bytes (it builds nothing), then one copy
     * straight into the shared mapping with the CRC-32 computed over the same bytes while they are hot. The
     * writer keeps no copy of its own; {@link #current()} reads the slot back (and checks it) if asked.
     * The caller may reuse its array as soon as this returns.
     *
     * @param json UTF-8 JSON text
     * @param offset where it starts in {@code json}
     * @param length how many bytes
     * @param tag any 64-bit number (0 for none)
     * @return the new version
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     * @throws IndexOutOfBoundsException if the range is not inside {@code json}
     */
    public synchronized long publishJson(byte[] json, int offset, int length, long tag) {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, json.length);
        codec.validate(json, offset, length);
        long version = commit(json, offset, length, tag);
        currentInMapping = true;
        return version;
    }

    /**
     * Publishes the remaining bytes of {@code json} (position to limit) after checking they are exactly one JSON
     * value; the buffer's position is not changed. A heap buffer takes the raw path of
     * {@link #publishJson(byte[], int, int, long)}; a direct or read-only buffer is first copied into a buffer
     * the writer reuses.
     *
     * @param json UTF-8 JSON text
     * @param tag any 64-bit number (0 for none)
     * @return the new version
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     */
    public synchronized long publishJson(java.nio.ByteBuffer json, long tag) {
        checkOpen();
        if (json.hasArray()) {
            return publishJson(json.array(), json.arrayOffset() + json.position(), json.remaining(), tag);
        }
        GrowableBytes out = spare;
        out.reset();
        out.write(json.duplicate());
        codec.validate(out.array(), 0, out.size());
        return commitSerialized(out, tag, null);
    }

    /**
     * Publishes JSON text after checking it is exactly one JSON value.
     *
     * @param json JSON text
     * @return the new version
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     */
    public long publishJson(String json) {
        return publishJson(json.getBytes(StandardCharsets.UTF_8), 0);
    }

    /**
     * Publishes JSON text after checking it is exactly one JSON value, with an application tag.
     *
     * @param json JSON text
     * @param tag any 64-bit number
     * @return the new version
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     */
    public long publishJson(String json, long tag) {
        return publishJson(json.getBytes(StandardCharsets.UTF_8), tag);
    }

    /**
     * Maps the current document to a new one and publishes it. The function receives a read-only tree
     * (or {@code null} if nothing was published yet); build the result from {@code tree.deepCopy()}
     * or from scratch.
     *
     * @param fn the change
     * @return the new version
     */
    public synchronized long update(UnaryOperator<JsonNode> fn) {
        JsonNode now = current().orElse(null);
        JsonNode next = fn.apply(now);
        if (next == null) {
            throw new SerializationException("update function returned null for region '" + region.name()
                    + "'; return a JSON tree (a NullNode for JSON null)");
        }
        return publish(next);
    }

    /**
     * Like {@link #publish(Object)}, but publishes only if the document differs from the current version;
     * otherwise nothing is written and followers are not woken.
     *
     * <p>Cost when unchanged: one serialization and one byte comparison with the writer's own copy of the
     * current version. When the bytes differ, both documents are compared as trees (the current tree is
     * parsed at most once per version, the new one once), so that a different member order or spacing does
     * not make a new version; only then is the document published.
     *
     * @param value anything the codec can serialize
     * @return the new version, or the current version if the document is equal to it (compare with
     *     {@link #version()} before the call to tell)
     * @throws ValidationFailedException if the writer's validator refuses a changed document
     */
    public long publishIfChanged(Object value) {
        return publishIfChanged(value, 0);
    }

    /**
     * Like {@link #publishIfChanged(Object)}, recording an application tag if a new version is published.
     *
     * @param value the value
     * @param tag any 64-bit number (not compared)
     * @return the new version, or the current version if the document is equal to it
     */
    public synchronized long publishIfChanged(Object value, long tag) {
        checkOpen();
        return commitIfChanged(serialize(value), tag);
    }

    /**
     * Like {@link #publishJson(byte[])}, but publishes only if the JSON differs from the current version
     * (bytes first, then trees, as {@link #publishIfChanged(Object)} does).
     *
     * @param json UTF-8 JSON text
     * @return the new version, or the current version if the JSON is equal to it
     * @throws InvalidJsonException if it is not exactly one JSON value (nothing is published)
     */
    public synchronized long publishJsonIfChanged(byte[] json) {
        checkOpen();
        codec.validate(json, 0, json.length);
        GrowableBytes out = spare;
        out.reset();
        out.write(json, 0, json.length);
        return commitIfChanged(out, 0);
    }

    private long commitIfChanged(GrowableBytes out, long tag) {
        if (currentBytesVersion == 0) {
            return commitSerialized(out, tag, null);
        }
        loadCurrentFromMapping();
        byte[] cur = currentBytes != null ? currentBytes : serialized.array();
        int curLength = currentBytes != null ? currentBytes.length : serialized.size();
        if (java.util.Arrays.equals(cur, 0, curLength, out.array(), 0, out.size())) {
            return currentBytesVersion;
        }
        JsonNode next = parse(out);
        if (next.equals(current().orElse(null))) {
            return currentBytesVersion;
        }
        return commitSerialized(out, tag, next);
    }

    private JsonNode parse(GrowableBytes out) {
        return parse(out.array(), 0, out.size());
    }

    private JsonNode parse(byte[] src, int from, int length) {
        // a read-only tree, like every tree the core hands out
        return codec.read(src, from, length, JsonNode.class);
    }

    /**
     * Applies the options' validator, if any, to {@code length} bytes of {@code src} from {@code from}
     * ({@code tree} if already parsed).
     *
     * @return the parsed tree, or null if there is no validator and it was not parsed before
     */
    private JsonNode validate(byte[] src, int from, int length, JsonNode tree) {
        DocumentValidator validator = options.validator().orElse(null);
        if (validator == null) {
            return tree;
        }
        JsonNode document = tree != null ? tree : parse(src, from, length);
        java.util.List<Violation> violations = validator.validate(document);
        if (!violations.isEmpty()) {
            throw new ValidationFailedException(region.name(), currentBytesVersion != 0 ? currentBytesVersion
                    : protocol.lastVersion(), violations);
        }
        return document;
    }

    /** Serializes {@code value} into the spare buffer (the one that does not hold the current document). */
    private GrowableBytes serialize(Object value) {
        GrowableBytes out = spare;
        out.reset();
        codec.write(value, out);
        return out;
    }

    /**
     * Publishes the writer's own serialized document {@code out} ({@code parsed}: its tree, if already parsed)
     * and keeps it for current(): the buffers are swapped instead of copied.
     */
    private long commitSerialized(GrowableBytes out, long tag, JsonNode parsed) {
        long version = commit(out.array(), 0, out.size(), tag, parsed);
        spare = serialized;
        serialized = out;
        currentInMapping = false;
        return version;
    }

    private long commit(byte[] src, int from, int length, long tag) {
        return commit(src, from, length, tag, null);
    }

    /**
     * The publish protocol of docs/FORMAT.md for {@code length} bytes of {@code src} from {@code from}, after the
     * options' validator ({@code parsed}: the document's tree, if already parsed).
     */
    private long commit(byte[] src, int from, int length, long tag, JsonNode parsed) {
        JsonNode tree = validate(src, from, length, parsed);
        try {
            long version = commitMapped(src, from, length, tag);
            if (tree != null) {
                // already parsed (read-only) for the comparison or the validator: current() reuses it
                currentTree = Optional.of(tree);
                currentTreeVersion = version;
            }
            return version;
        } catch (InternalError e) {
            // the SIGBUS of a store past the end of a file that another program truncated (docs/FORMAT.md 6.4)
            throw truncatedUnderWriter(e);
        }
    }

    private RegionTruncatedException truncatedUnderWriter(InternalError e) {
        long size;
        try {
            size = channel.size();
        } catch (IOException io) {
            size = -1;
        }
        RegionTruncatedException t = new RegionTruncatedException("region '" + region.name() + "' was truncated"
                + " under its writer by another program: the writer maps " + mappedLength + " bytes, the file now has "
                + size + "; the version being published may be lost");
        t.initCause(e);
        return t;
    }

    /** The publish protocol of docs/FORMAT.md §5.4: claim, grow if needed, write, commit. */
    private long commitMapped(byte[] src, int from, int length, long tag) {
        if (length > options.maxCapacity()) {
            throw new CapacityExceededException("document for region '" + region.name() + "' is " + length
                    + " bytes, over the maximum capacity of " + options.maxCapacity() + " bytes; version "
                    + protocol.lastVersion() + " stays");
        }
        protocol.checkOwner(buffer);
        long version = protocol.nextVersion();
        int t = protocol.targetSlot();
        claim(t);
        try {
            if (!protocol.fits(t, length)) {
                grow(t, length);
            }
        } catch (RuntimeException e) {
            protocol.unclaim(buffer);
            throw e;
        }
        protocol.writeSlot(buffer, version, src, from, length, nowMicros(), tag);
        if (options.durable()) {
            mapped.force((int) protocol.slotOffset(t), length);
            mapped.force(0, HEADER_SIZE);
        }
        protocol.commit(buffer, version);
        waker.wakeWaitersAfterCommit();
        if (options.durable()) {
            mapped.force(0, HEADER_SIZE);
        }
        currentBytes = null;
        currentBytesVersion = version;
        return version;
    }

    /**
     * Claims the target slot; while a writer that lost its lock file is still writing it, waits (it finishes
     * its write, then fails its commit), unless that writer is proven dead, for at most two seconds.
     */
    private void claim(int t) {
        long start = System.nanoTime();
        long park = 10_000;
        while (protocol.claim(buffer, t) == WriteProtocol.Claim.BUSY) {
            if (protocol.reclaimIfAbandoned(buffer, t)) {
                continue;
            }
            long waited = System.nanoTime() - start;
            if (waited > BUSY_SLOT_WAIT_NANOS) {
                throw protocol.busy(t, TimeUnit.NANOSECONDS.toMillis(waited));
            }
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, 1_000_000);
        }
    }

    /** Moves slot {@code t} to a new, larger area at the end of the file (docs/FORMAT.md §5.4, growth). */
    private void grow(int t, int needed) {
        WriteProtocol.Growth g = protocol.reserve(buffer, t, needed, options.initialCapacity(), options.maxCapacity());
        try {
            try {
                allocate(channel, g.offset(), g.end(), region.name());
            } catch (IOException | RuntimeException e) {
                // give the space back if nobody claimed space after it, and free what was allocated (no reader
                // maps beyond FILE_LENGTH, which is at most g.offset() here)
                if (protocol.abandon(buffer, g) && channel.size() > g.offset()) {
                    channel.truncate(Math.max(g.offset(), buffer.getLongAcquire(RegionLayout.FILE_LENGTH_OFFSET)));
                }
                throw e;
            }
            if (options.durable()) {
                channel.force(true);
            }
            if (g.end() > mappedLength) {
                map(g.end());
            }
        } catch (StorageFullException e) {
            throw new StorageFullException(e.getMessage() + "; version " + protocol.lastVersion() + " stays",
                    e.getCause());
        } catch (IOException e) {
            throw new RegionIOException("cannot grow region '" + region.name() + "' to " + g.end() + " bytes: " + e, e);
        }
        protocol.grown(buffer, g);
    }

    /**
     * Sets the status readers see beside the document (for writers that mirror another source, such as
     * the ZooKeeper bridge). One release-store; the document is not touched.
     *
     * @param flags a combination of {@link RegionStatus#SOURCE_DISCONNECTED} and {@link RegionStatus#SOURCE_INVALID}
     * @return the status stored, stamped with the current time
     * @throws StaleWriterException if another writer has taken the region over
     */
    public synchronized RegionStatus setStatus(int flags) {
        checkOpen();
        RegionStatus status = new RegionStatus(flags, Instant.now().truncatedTo(ChronoUnit.MICROS));
        protocol.setStatus(buffer, RegionStatus.encode(flags, status.since()));
        return status;
    }

    /**
     * The status last set by {@link #setStatus(int)} (reset when a writer takes the region over).
     *
     * @return the status
     */
    public synchronized RegionStatus status() {
        checkOpen();
        return RegionStatus.decode(buffer.getLongAcquire(RegionLayout.STATUS_OFFSET));
    }

    /**
     * The document last published (or found valid at takeover), as a read-only tree. Parsed at most once
     * per version, from the writer's own copy of the bytes, never from shared memory.
     *
     * @return the current document, or empty if nothing was published yet
     */
    public synchronized Optional<JsonNode> current() {
        checkOpen();
        if (currentBytesVersion == 0) {
            return Optional.empty();
        }
        loadCurrentFromMapping();
        if (currentTreeVersion != currentBytesVersion) {
            byte[] b = currentBytes != null ? currentBytes : serialized.array();
            int len = currentBytes != null ? currentBytes.length : serialized.size();
            currentTree = Optional.of(codec.read(b, 0, len, JsonNode.class));
            currentTreeVersion = currentBytesVersion;
        }
        return currentTree;
    }

    /**
     * The bytes of the document last published.
     *
     * @return a copy of the UTF-8 JSON, or empty if nothing was published yet
     */
    public synchronized Optional<byte[]> currentBytes() {
        checkOpen();
        if (currentBytesVersion == 0) {
            return Optional.empty();
        }
        loadCurrentFromMapping();
        return Optional.of(currentBytes != null ? currentBytes.clone()
                : java.util.Arrays.copyOf(serialized.array(), serialized.size()));
    }

    /** After a raw publish, copies the latest slot back (checked like a reader) for current() and currentBytes(). */
    private void loadCurrentFromMapping() {
        if (!currentInMapping) {
            return;
        }
        ReadProtocol.Copy copy;
        try {
            RegionBuffer b = buffer;
            copy = new ReadProtocol(region.name(), Long.MAX_VALUE).readLatest(new ReadProtocol.Mapping() {
                @Override
                public RegionBuffer buffer() {
                    return b;
                }

                @Override
                public RegionBuffer remap(long declaredLength) {
                    return b; // the writer maps everything it declared
                }
            }, true);
        } catch (InternalError e) {
            throw truncatedUnderWriter(e);
        }
        if (copy.version() != currentBytesVersion) {
            throw new StaleWriterException("region '" + region.name() + "' holds version " + copy.version()
                    + ", not this writer's last version " + currentBytesVersion + ": another writer took it over");
        }
        currentBytes = java.util.Arrays.copyOf(copy.bytes(), copy.length());
        currentInMapping = false;
    }

    /** @return the last version published (0 if none yet) */
    public synchronized long version() {
        return protocol.lastVersion();
    }

    /** @return this writer's epoch (the header's epoch when it took the region over) */
    public long epoch() {
        return protocol.epoch();
    }

    /** @return the region this writer holds */
    public Region region() {
        return region;
    }

    /** @return whether {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new RegionClosedException("the writer of region '" + region.name() + "' is closed");
        }
    }

    /**
     * Releases the region: readers keep the last version; another writer may take over. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (options.durable()) {
                mapped.force();
            }
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing region '" + region.name() + "': " + e);
        } finally {
            lock.close();
        }
    }

    /**
     * Marks a region file deleted (docs/FORMAT.md §5.5): epoch + 1 and the tombstone in the commit word, by
     * compare-and-set, so no in-flight publish can overwrite it. A file that is not a readable region is
     * left as it is (deleting it is still what the caller asked).
     *
     * @param file the file (already renamed away from the region's path by the caller)
     * @param name region name, for messages
     */
    static void markDeleted(Path file, String name) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            HeaderCheck.check(ch, name);
            WriteProtocol.markDeleted(new RegionBuffer(ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE)));
            // sleeping followers learn of the delete now rather than at their next timed look
            new CommitSignal.Waker(ch).wakeAll();
        } catch (NoSuchFileException e) {
            // already gone
        } catch (RegionCorruptException e) {
            // not a readable region: nothing to mark, deleting it is still what the caller asked
        } catch (IOException e) {
            throw new RegionIOException("cannot mark region '" + name + "' deleted: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "RegionWriter[" + region.name() + ", epoch " + protocol.epoch() + ", version " + protocol.lastVersion() + "]";
    }
}
