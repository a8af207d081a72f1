package org.jsonmmap;

import static org.jsonmmap.internal.RegionLayout.CAPACITY_FIELD;
import static org.jsonmmap.internal.RegionLayout.CREATED_OFFSET;
import static org.jsonmmap.internal.RegionLayout.CRC_FIELD;
import static org.jsonmmap.internal.RegionLayout.EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION_OFFSET;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LENGTH_FIELD;
import static org.jsonmmap.internal.RegionLayout.MAGIC;
import static org.jsonmmap.internal.RegionLayout.MAGIC_OFFSET;
import static org.jsonmmap.internal.RegionLayout.MAX_CAPACITY_OFFSET;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_OFFSET_FIELD;
import static org.jsonmmap.internal.RegionLayout.PUBLISHED_FIELD;
import static org.jsonmmap.internal.RegionLayout.SEQ_FIELD;
import static org.jsonmmap.internal.RegionLayout.SLOT_COUNT;
import static org.jsonmmap.internal.RegionLayout.SLOT_EPOCH_FIELD;
import static org.jsonmmap.internal.RegionLayout.TAG_FIELD;
import static org.jsonmmap.internal.RegionLayout.VERSION_FIELD;
import static org.jsonmmap.internal.RegionLayout.WRITER_PID_OFFSET;
import static org.jsonmmap.internal.RegionLayout.alignPayload;
import static org.jsonmmap.internal.RegionLayout.latestWord;
import static org.jsonmmap.internal.RegionLayout.slotField;
import static org.jsonmmap.internal.RegionLayout.slotOf;
import static org.jsonmmap.internal.RegionLayout.versionOf;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.VarHandle;
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
import java.util.function.UnaryOperator;

import org.jsonmmap.internal.Checksum;
import org.jsonmmap.internal.CommitSignal;
import org.jsonmmap.internal.FileModes;
import org.jsonmmap.internal.Frozen;
import org.jsonmmap.internal.GrowableBytes;
import org.jsonmmap.internal.HeaderCheck;
import org.jsonmmap.internal.PathSafety;
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.internal.SlotDescriptor;
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

    private final Region region;
    private final WriterOptions options;
    private final JsonCodec codec;
    private final WriterLock lock;
    private final FileChannel channel;
    private final long epoch;
    private final Checksum checksum = new Checksum();
    private final long[] slotOffset = new long[SLOT_COUNT];
    private final long[] slotCapacity = new long[SLOT_COUNT];
    private final CommitSignal.Waker waker;

    private MappedByteBuffer mapped;
    private RegionBuffer buffer;
    private long fileLength;
    private long lastVersion;
    private int latestSlot = -1;
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

    private RegionWriter(Region region, WriterOptions options, WriterLock lock, FileChannel channel, long epoch)
            throws IOException {
        this.waker = new CommitSignal.Waker(channel);
        this.region = region;
        this.options = options;
        this.codec = options.codec();
        this.lock = lock;
        this.channel = channel;
        this.epoch = epoch;
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
        WriterLock lock = WriterLock.acquire(region.lockPath(), options.mode(), region.name());
        try {
            if (!region.exists()) {
                create(region, options);
            }
            PathSafety.refuseNonRegular(region.path(), region.name());
            FileChannel channel = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            try {
                long declared = HeaderCheck.check(channel, region.name());
                long epoch = HeaderCheck.readLong(channel, EPOCH_OFFSET) + 1;
                RegionWriter writer = new RegionWriter(region, options, lock, channel, epoch);
                writer.takeOver(declared);
                return writer;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            lock.close();
            throw new RegionIOException("cannot open region '" + region.name() + "' for writing: " + e, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
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
            ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            h.putLong(MAGIC_OFFSET, MAGIC);
            h.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION);
            h.putInt(HEADER_SIZE_OFFSET, HEADER_SIZE);
            h.putLong(CREATED_OFFSET, System.currentTimeMillis());
            h.putLong(EPOCH_OFFSET, 0);
            h.putLong(WRITER_PID_OFFSET, ProcessHandle.current().pid());
            h.putLong(MAX_CAPACITY_OFFSET, options.maxCapacity());
            h.putLong(FILE_LENGTH_OFFSET, length);
            for (int s = 0; s < SLOT_COUNT; s++) {
                h.putLong(slotField(s, PAYLOAD_OFFSET_FIELD), HEADER_SIZE + s * capacity);
                h.putLong(slotField(s, CAPACITY_FIELD), capacity);
            }
            ch.write(h, 0);
            if (options.durable()) {
                ch.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, region.path(), StandardCopyOption.ATOMIC_MOVE);
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
    private static void allocate(FileChannel ch, long from, long to, String name) throws IOException {
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

    private void takeOver(long declaredLength) throws IOException {
        fileLength = declaredLength;
        map(fileLength);
        long latest = buffer.getLongAcquire(LATEST_OFFSET);
        long maxSeen = 0;
        boolean deleted = latest == RegionLayout.TOMBSTONE;
        if (deleted) {
            latest = 0;
        }
        for (int s = 0; s < SLOT_COUNT; s++) {
            long off = buffer.getLongPlain(slotField(s, PAYLOAD_OFFSET_FIELD));
            long cap = buffer.getLongPlain(slotField(s, CAPACITY_FIELD));
            if (off >= HEADER_SIZE && off % RegionLayout.PAYLOAD_ALIGNMENT == 0 && cap >= 0 && off + cap <= fileLength) {
                slotOffset[s] = off;
                slotCapacity[s] = cap;
            } else {
                // an out-of-range area is never reused: the next publish into this slot grows a fresh one
                slotOffset[s] = 0;
                slotCapacity[s] = 0;
            }
            long seq = buffer.getLongPlain(slotField(s, SEQ_FIELD));
            if ((seq & 1) != 0) {
                // a writer died in the middle of writing this slot; it was never committed
                buffer.putLongRelease(slotField(s, SEQ_FIELD), seq + 1);
            }
            long v = buffer.getLongPlain(slotField(s, VERSION_FIELD));
            if (v > 0 && v <= RegionLayout.MAX_VERSION) {
                maxSeen = Math.max(maxSeen, v);
            }
        }
        if (latest != 0) {
            long v = versionOf(latest);
            int s = slotOf(latest);
            maxSeen = Math.max(maxSeen, v);
            byte[] bytes = readOwnSlot(s, v);
            if (bytes != null) {
                latestSlot = s;
                currentBytes = bytes;
                currentBytesVersion = v;
            } else {
                LOG.log(Level.WARNING, "region '" + region.name() + "': the latest version " + v
                        + " does not validate; the next publish replaces it");
                latestSlot = s;
                // void the slot (version 0, even sequence) so that it never passes for a previous version
                int seqAt = slotField(s, SEQ_FIELD);
                long seq = buffer.getLongPlain(seqAt) & ~1L;
                buffer.putLongPlain(seqAt, seq + 1);
                VarHandle.storeStoreFence();
                buffer.putLongPlain(slotField(s, VERSION_FIELD), 0);
                buffer.putLongRelease(seqAt, seq + 2);
            }
        }
        if (maxSeen >= RegionLayout.MAX_VERSION) {
            throw new RegionCorruptException("region '" + region.name() + "' has a version field of " + maxSeen
                    + ", beyond the largest version " + (RegionLayout.MAX_VERSION - 1));
        }
        lastVersion = maxSeen;
        buffer.putLongPlain(WRITER_PID_OFFSET, ProcessHandle.current().pid());
        buffer.putLongPlain(MAX_CAPACITY_OFFSET, options.maxCapacity());
        if (deleted) {
            buffer.putLongPlain(LATEST_OFFSET, 0);
        }
        // a new writer knows nothing yet about any source the last one mirrored
        buffer.putLongRelease(RegionLayout.STATUS_OFFSET, RegionStatus.encode(0, Instant.now()));
        // the new epoch fences any writer still running on this file (see publish)
        buffer.putLongVolatile(EPOCH_OFFSET, epoch);
        // after the epoch: waiters trust the promise only while it names the current epoch
        waker.promiseWakesRelease(epoch);
    }

    /** Validates one slot as a reader would, from the writer's side (no concurrent writer can exist). */
    private byte[] readOwnSlot(int s, long expectedVersion) {
        SlotDescriptor d = SlotDescriptor.loadPlain(buffer, s);
        if (d.version() != expectedVersion || !d.inRange(fileLength)) {
            return null;
        }
        byte[] bytes = d.copyPayload(buffer);
        return d.seal(checksum, bytes) == d.crc() ? bytes : null;
    }

    private void map(long length) throws IOException {
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        buffer = new RegionBuffer(mapped);
    }

    /**
     * Serializes {@code value} and publishes it as the next version.
     *
     * @param value anything the codec can serialize: a {@link JsonNode}, a record, a POJO, a Map or List
     * @return the new version
     * @throws SerializationException if it cannot be serialized (nothing is published)
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
        GrowableBytes out = spare;
        out.reset();
        codec.write(value, out);
        long version = commit(out.array(), 0, out.size(), tag);
        // keep the published bytes for current(): swap buffers instead of copying
        spare = serialized;
        serialized = out;
        currentInMapping = false;
        return version;
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
    public synchronized long publishJson(ByteBuffer json, long tag) {
        checkOpen();
        if (json.hasArray()) {
            return publishJson(json.array(), json.arrayOffset() + json.position(), json.remaining(), tag);
        }
        GrowableBytes out = spare;
        out.reset();
        out.write(json.duplicate());
        codec.validate(out.array(), 0, out.size());
        long version = commit(out.array(), 0, out.size(), tag);
        spare = serialized;
        serialized = out;
        currentInMapping = false;
        return version;
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

    /** The publish protocol of docs/FORMAT.md for {@code length} bytes of {@code src} from {@code from}. */
    private long commit(byte[] src, int from, int length, long tag) {
        try {
            return commitMapped(src, from, length, tag);
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
                + " under its writer by another program: the writer maps " + fileLength + " bytes, the file now has "
                + size + "; the version being published may be lost");
        t.initCause(e);
        return t;
    }

    private long commitMapped(byte[] src, int from, int length, long tag) {
        if (length > options.maxCapacity()) {
            throw new CapacityExceededException("document for region '" + region.name() + "' is " + length
                    + " bytes, over the maximum capacity of " + options.maxCapacity() + " bytes; version "
                    + lastVersion + " stays");
        }
        checkEpoch();
        if (lastVersion + 1 >= RegionLayout.MAX_VERSION) {
            throw new CapacityExceededException("region '" + region.name() + "' has used every version number");
        }
        int t = latestSlot < 0 ? 0 : 1 - latestSlot;
        if (slotCapacity[t] < length) {
            grow(t, length);
        }
        long version = lastVersion + 1;
        long offset = slotOffset[t];
        long capacity = slotCapacity[t];
        long published = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        int crc = checksum.seal(version, offset, capacity, length, published, epoch, tag, src, from);

        int seqAt = slotField(t, SEQ_FIELD);
        long seq = buffer.getLongPlain(seqAt) & ~1L;
        buffer.putLongPlain(seqAt, seq + 1);
        // the odd sequence must be visible before any byte of the new content (a reader that sees new
        // content then sees the sequence moved, and retries)
        VarHandle.storeStoreFence();
        buffer.putLongPlain(slotField(t, VERSION_FIELD), version);
        buffer.putLongPlain(slotField(t, PAYLOAD_OFFSET_FIELD), offset);
        buffer.putLongPlain(slotField(t, CAPACITY_FIELD), capacity);
        buffer.putIntPlain(slotField(t, LENGTH_FIELD), length);
        buffer.putIntPlain(slotField(t, CRC_FIELD), crc);
        buffer.putLongPlain(slotField(t, PUBLISHED_FIELD), published);
        buffer.putLongPlain(slotField(t, SLOT_EPOCH_FIELD), epoch);
        buffer.putLongPlain(slotField(t, TAG_FIELD), tag);
        buffer.putBytesPlain(offset, src, from, length);
        // release: the descriptor and payload are complete before the sequence turns even
        buffer.putLongRelease(seqAt, seq + 2);
        if (options.durable()) {
            mapped.force((int) offset, length);
            mapped.force(0, HEADER_SIZE);
        }
        // the commit: one release-store names the new version and its slot
        buffer.putLongRelease(LATEST_OFFSET, latestWord(version, t));
        waker.wakeWaitersAfterCommit();
        if (options.durable()) {
            mapped.force(0, HEADER_SIZE);
        }
        lastVersion = version;
        latestSlot = t;
        currentBytes = null;
        currentBytesVersion = version;
        return version;
    }

    /** Moves slot {@code t} to a new, larger area at the end of the file (docs/FORMAT.md, "Growth"). */
    private void grow(int t, int needed) {
        long wanted = Math.max(needed + (long) needed / 2, Math.max(2 * slotCapacity[t], options.initialCapacity()));
        long capacity = alignPayload(Math.max(needed, Math.min(wanted, options.maxCapacity())));
        long offset = alignPayload(fileLength);
        long newLength = offset + capacity;
        if (newLength > HeaderCheck.MAX_FILE_LENGTH) {
            throw new CapacityExceededException("region '" + region.name() + "' would need a file of " + newLength
                    + " bytes to hold a " + needed + "-byte document, over the " + HeaderCheck.MAX_FILE_LENGTH
                    + "-byte limit of a mapping; version " + lastVersion + " stays");
        }
        try {
            try {
                allocate(channel, fileLength, newLength, region.name());
            } catch (IOException | RuntimeException e) {
                // give back what was allocated; no reader maps beyond the declared length
                channel.truncate(fileLength);
                throw e;
            }
            if (options.durable()) {
                channel.force(true);
            }
            map(newLength);
        } catch (StorageFullException e) {
            throw new StorageFullException(e.getMessage() + "; version " + lastVersion + " stays", e.getCause());
        } catch (IOException e) {
            throw new RegionIOException("cannot grow region '" + region.name() + "' to " + newLength + " bytes: " + e, e);
        }
        // release: readers that see the new length find the space allocated and zeroed
        buffer.putLongRelease(FILE_LENGTH_OFFSET, newLength);
        fileLength = newLength;
        slotOffset[t] = offset;
        slotCapacity[t] = capacity;
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
        checkEpoch();
        RegionStatus status = new RegionStatus(flags, Instant.now().truncatedTo(ChronoUnit.MICROS));
        buffer.putLongRelease(RegionLayout.STATUS_OFFSET, RegionStatus.encode(flags, status.since()));
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
            Frozen.Latch latch = Frozen.open();
            try {
                currentTree = Optional.of(codec.read(b, 0, len, JsonNode.class));
            } finally {
                Frozen.close(latch);
            }
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
        byte[] bytes;
        try {
            bytes = readOwnSlot(latestSlot, currentBytesVersion);
        } catch (InternalError e) {
            throw truncatedUnderWriter(e);
        }
        if (bytes == null) {
            throw new RegionCorruptException("region '" + region.name() + "': the writer's own latest slot (version "
                    + currentBytesVersion + ") no longer passes its checksum; another program wrote into the file");
        }
        currentBytes = bytes;
        currentInMapping = false;
    }

    /** @return the last version published (0 if none yet) */
    public synchronized long version() {
        return lastVersion;
    }

    /** @return this writer's epoch (the header's epoch when it took the region over) */
    public long epoch() {
        return epoch;
    }

    /** @return the region this writer holds */
    public Region region() {
        return region;
    }

    /** @return whether {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Fencing: refuses to write if another writer (or a delete) moved the header's epoch since we opened. */
    private void checkEpoch() {
        long headerEpoch = buffer.getLongAcquire(EPOCH_OFFSET);
        if (headerEpoch != epoch) {
            throw new StaleWriterException("this writer of region '" + region.name() + "' has epoch " + epoch
                    + " but the region now has epoch " + headerEpoch + ": another writer took it over, or it was"
                    + " deleted; nothing was written");
        }
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
     * Marks a region file deleted (tombstone in the commit word, epoch + 1): see {@link Region#delete(boolean)}.
     */
    static void markDeleted(Region region) {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            HeaderCheck.check(ch, region.name());
            RegionBuffer header = new RegionBuffer(ch.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE));
            header.putLongVolatile(EPOCH_OFFSET, header.getLongVolatile(EPOCH_OFFSET) + 1);
            header.putLongVolatile(LATEST_OFFSET, RegionLayout.TOMBSTONE);
            // sleeping followers learn of the delete now rather than at their next timed look
            new CommitSignal.Waker(ch).wakeAll();
        } catch (NoSuchFileException e) {
            // already gone
        } catch (RegionCorruptException e) {
            // not a readable region: nothing to mark, deleting it is still what the caller asked
        } catch (IOException e) {
            throw new RegionIOException("cannot mark region '" + region.name() + "' deleted: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "RegionWriter[" + region.name() + ", epoch " + epoch + ", version " + lastVersion + "]";
    }
}
