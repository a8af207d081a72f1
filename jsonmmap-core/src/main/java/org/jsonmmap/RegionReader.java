package org.jsonmmap;

import static org.jsonmmap.internal.RegionLayout.CREATED_OFFSET;
import static org.jsonmmap.internal.RegionLayout.EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.TOMBSTONE;
import static org.jsonmmap.internal.RegionLayout.WRITER_PID_OFFSET;
import static org.jsonmmap.internal.RegionLayout.versionOf;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jsonmmap.internal.CommitSignal;
import org.jsonmmap.internal.HeaderCheck;
import org.jsonmmap.internal.Jackson;
import org.jsonmmap.internal.PathSafety;
import org.jsonmmap.internal.ReadProtocol;
import org.jsonmmap.internal.RegionBuffer;
import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.internal.TrustedPaths;

import tools.jackson.core.JsonPointer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * A follower: reads the latest complete version of a region through a read-only mapping.
 *
 * <p><b>Consistency.</b> Whatever the interleaving with the writer, a reader returns a complete version
 * that was published, never a torn, partial or mixed one, and never waits for a writer that is in the
 * middle of a write: it copies the slot the commit word names, checks that the slot's sequence did not
 * move while it copied, and checks the slot's CRC-32 (docs/FORMAT.md, "Read"). A copy that fails the
 * checksum while the slot was stable is corruption, reported as {@link ChecksumMismatchException}; a
 * reader never falls back to an older value silently.
 *
 * <p><b>Cost.</b> {@link #get()} when nothing changed is one acquire-load of the commit word and a
 * compare: no allocation, no system call. The first call after a change copies the document out of the
 * mapping, checks its CRC and parses it once; the result is cached for every later call.
 *
 * <p><b>What it hands out is read-only.</b> The tree from {@link #get()} is shared by every caller of
 * this reader, so it is frozen: each of its objects and arrays refuses changes with
 * {@link UnsupportedOperationException} (use {@code deepCopy()} for a private, mutable copy). Typed values
 * ({@link #get(Class)}) are cached and shared when they are deeply read-only (records of strings, numbers,
 * enums, java.time values, nested records, and Lists/Sets/Maps of those, which come frozen); any other type
 * (a POJO with setters, arrays) is parsed afresh on every call, costing one parse per call, so that no
 * caller can corrupt what another sees. {@link #bytes()} returns a fresh copy.
 *
 * <p><b>Only valid documents, as text too.</b> {@link #text()}, {@link #bytes()} and {@link #byteBuffer()}
 * hand out a payload only after it passed the same validation as a parse (exactly one JSON value, UTF-8
 * without a byte-order mark, within the nesting limit; docs/FORMAT.md 3.3), done once per version and
 * cached; a payload another writer stored that breaks it raises {@link InvalidJsonException}, as
 * {@link #get()} does.
 *
 * <p><b>Truncation by another program.</b> A reader makes no system call on its fast path, so it notices
 * that another program truncated the file only when it touches the mapping. Then: a page past the new end
 * faults, which the JVM turns into an {@link InternalError}; every method of this class catches it and
 * throws {@link RegionTruncatedException} instead. The JVM may deliver that fault late, at a safepoint
 * outside the reader's handler: the caller then sees an {@code InternalError} ("a fault occurred in a recent
 * unsafe memory access operation") thrown by the call or just after it, never a value read from the lost
 * pages; catch it and call {@link #checkFile()}, which throws {@code RegionTruncatedException}. A file cut
 * short behind pages the reader no longer needs goes unnoticed by {@code get()}, which returns the value it
 * had cached (the last valid version, never a mix), until the next version or a {@code checkFile()}. A commit word that reads as older than a version this reader already saw, or a
 * slot that no longer matches it, is checked against the file's size (a system call on that rare path
 * only) and reported as {@link RegionTruncatedException} when the file shrank. To find out for certain,
 * call {@link #checkFile()} (one {@code fstat} and one {@code lstat}); waits ({@link #awaitChange},
 * subscriptions) call it every {@link ReaderOptions#fileCheckInterval()}.
 *
 * <p>A reader is thread-safe. Close it when done; every use after close fails with
 * {@link RegionClosedException}.
 */
public final class RegionReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RegionReader.class.getName());
    private static final Snapshot NONE = Snapshot.empty(0);
    private static final Snapshot CLOSED = Snapshot.empty(-2);

    static {
        NONE.tree = Optional.empty();
        NONE.versioned = Optional.empty();
        NONE.raw = Optional.empty();
    }

    private final Region region;
    private final ReaderOptions options;
    private final Jackson codec;
    private final FileChannel channel;
    private final Object fileKey;
    private final VersionFutures futures = new VersionFutures(this);
    private final ReadProtocol protocol;
    private final ReadProtocol.Mapping mapping = new ReadProtocol.Mapping() {
        @Override
        public RegionBuffer buffer() {
            return buffer;
        }

        @Override
        public RegionBuffer remap(long declaredLength) {
            return RegionReader.this.remap(declaredLength);
        }
    };
    private final List<RegionSubscription<?>> subscriptions = new CopyOnWriteArrayList<>();

    /* Read racily by the fast paths: both types publish safely through final fields. */
    private RegionBuffer buffer;
    private Snapshot current = NONE;
    private volatile boolean closed;
    private volatile CommitSignal.Waiter waiter;
    private volatile boolean waiterTried;

    /** One version as this reader copied it; the lazily parsed forms are set under the reader's lock. */
    private static final class Snapshot {
        /* The copy's commit word, beside it so that the fast paths compare it without a second dependent load. */
        final long word;
        final ReadProtocol.Copy copy;
        Optional<JsonNode> tree;
        Optional<Versioned<JsonNode>> versioned;
        Optional<RawSnapshot> raw;
        Typed typed;
        /* Set under the reader's lock once the payload passed validation (or a parse); read racily. */
        boolean valid;
        InvalidJsonException invalid;

        Snapshot(ReadProtocol.Copy copy) {
            this.word = copy.word();
            this.copy = copy;
        }

        /** A snapshot of nothing published, under the commit word {@code word}. */
        static Snapshot empty(long word) {
            return new Snapshot(new ReadProtocol.Copy(word, 0, null, 0, 0, 0, 0, 0));
        }
    }

    /**
     * The last typed value parsed for a snapshot, with the type it was parsed for.
     *
     * @param type the type asked for
     * @param value the value parsed as that type
     */
    private record Typed(Type type, Optional<?> value) {
    }

    private RegionReader(Region region, ReaderOptions options, FileChannel channel, Object fileKey, RegionBuffer buffer) {
        this.region = region;
        this.options = options;
        this.codec = options.codec();
        this.channel = channel;
        this.fileKey = fileKey;
        this.buffer = buffer;
        this.protocol = new ReadProtocol(region.name(), options.maxDocumentBytes());
    }

    /**
     * Opens an existing region read-only.
     *
     * @param region the region
     * @param options the reader's settings
     * @return the reader
     * @throws RegionNotFoundException if the file does not exist
     * @throws RegionCorruptException if it is not a valid region (wrong magic, format, truncated)
     * @throws UnsafePathException if the path is a symbolic link or not a regular file
     */
    public static RegionReader open(Region region, ReaderOptions options) {
        Objects.requireNonNull(options, "options");
        PathSafety.refuseNonRegular(region.path(), region.name());
        region.checkTrusted(false);
        FileChannel channel;
        try {
            channel = FileChannel.open(region.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw region.notFound(e);
        } catch (IOException e) {
            throw TrustedPaths.ioFailure("cannot open region '" + region.name() + "'", region.path(), e);
        }
        try {
            Object key = Files.readAttributes(region.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            long declared = HeaderCheck.check(channel, region.name());
            RegionBuffer buffer = new RegionBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, declared));
            return new RegionReader(region, options, channel, key, buffer);
        } catch (NoSuchFileException e) {
            closeQuietly(channel);
            throw new RegionNotFoundException("region '" + region.name() + "' was deleted while it was being opened"
                    + " (no file " + region.path() + ")", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RegionIOException("cannot map region '" + region.name() + "': " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static RegionReader awaitCreation(Region region, Duration timeout, ReaderOptions options) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long park = 100_000;
        while (true) {
            if (region.exists()) {
                try {
                    return open(region, options);
                } catch (RegionNotFoundException e) {
                    // deleted between the check and the open: keep waiting
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new RegionNotFoundException("region '" + region.name() + "' did not appear within " + timeout
                        + " (no file " + region.path() + ")");
            }
            LockSupport.parkNanos(Math.min(left, park));
            park = Math.min(park * 2, 10_000_000);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new JsonMmapException("interrupted while waiting for region '" + region.name() + "' to appear");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the open failed already; that error is reported
        }
    }

    /** The commit word, loaded with acquire: the one load of the fast path. */
    private long latestWordAcquire() {
        try {
            return buffer.getLongAcquire(LATEST_OFFSET);
        } catch (InternalError e) {
            throw faulted(e);
        }
    }

    /**
     * The JVM may still hold the fault of a load past the end, to throw at this thread's next safepoint, which
     * could be anywhere in the caller's code after this reader has already reported the truncation. A return
     * from native code delivers such pending faults: take it here (a system call, on this rare path only).
     */
    static void absorbLateFault() {
        try {
            Thread.yield();
        } catch (InternalError pending) {
            // the fault this reader is reporting already
        }
    }

    /**
     * A fault in a mapped access means the file shrank under us (SIGBUS, turned into InternalError by the JVM).
     * The JVM may deliver it late (at a safepoint poll), so callers that loop catch it too.
     */
    RegionTruncatedException faulted(InternalError e) {
        absorbLateFault();
        long size;
        try {
            size = channel.size();
        } catch (IOException io) {
            size = -1;
        }
        RegionTruncatedException t = new RegionTruncatedException("region '" + region.name()
                + "' was truncated under a live reader: the reader maps " + buffer.length() + " bytes, the file now has "
                + size);
        t.initCause(e);
        return t;
    }

    /**
     * The latest document as a read-only tree.
     *
     * @return the document, or empty if nothing was published yet
     * @throws RegionCorruptException if the latest version fails validation (never an older value instead)
     * @throws RegionReplacedException if the region was deleted
     * @throws RegionClosedException if this reader is closed
     * @throws RegionTruncatedException if another program truncated the file and this call noticed it (see
     *     the class comment for when the JVM reports it as an {@code InternalError} instead, and
     *     {@link #checkFile()} to find out for certain)
     */
    public Optional<JsonNode> get() {
        Snapshot s = current;
        Optional<JsonNode> tree = s.tree;
        if (tree != null && s.word == latestWordAcquire()) {
            return tree;
        }
        return refreshTree();
    }

    private synchronized Optional<JsonNode> refreshTree() {
        Snapshot s = refresh();
        if (s.tree == null) {
            s.tree = Optional.of(parse(s, JsonNode.class, true));
        }
        return s.tree;
    }

    /** Parses a snapshot; trees and JDK collection interfaces come back read-only (see {@link Jackson}). */
    private <T> T parse(Snapshot s, Type type, boolean shared) {
        try {
            T value = codec.read(s.copy.bytes(), 0, s.copy.length(), type, shared);
            if (type == JsonNode.class) {
                s.valid = true; // a tree parse reads every token (a typed one may skim ignored fields)
            }
            return value;
        } catch (InvalidJsonException e) {
            throw new InvalidJsonException(inVersion(s.copy) + e.getMessage(), e);
        } catch (SerializationException e) {
            throw new SerializationException(inVersion(s.copy) + e.getMessage(), e);
        }
    }

    /**
     * The latest document as a value of {@code type}.
     *
     * @param type a record, a POJO, a collection type...
     * @param <T> the type
     * @return the value, or empty if nothing was published yet
     * @throws SerializationException if the document does not fit the type
     * @see RegionReader class comment on which types are cached and shared
     */
    public <T> Optional<T> get(Class<T> type) {
        return getTyped(type);
    }

    /**
     * The latest document as a value of a generic type, e.g. {@code new TypeReference<List<Item>>() {}}.
     *
     * @param type the type
     * @param <T> the type
     * @return the value, or empty if nothing was published yet
     */
    public <T> Optional<T> get(TypeReference<T> type) {
        return getTyped(type.getType());
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> getTyped(Type type) {
        Snapshot s = current;
        Typed typed = s.typed;
        if (typed != null && typed.type() == type && s.word == latestWordAcquire()) {
            return (Optional<T>) typed.value();
        }
        if (type == JsonNode.class) {
            return (Optional<T>) get();
        }
        return refreshTyped(type);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> Optional<T> refreshTyped(Type type) {
        Snapshot s = refresh();
        if (s.copy.bytes() == null) {
            return Optional.empty();
        }
        Typed typed = s.typed;
        if (typed != null && typed.type() == type) {
            return (Optional<T>) typed.value();
        }
        boolean shared = Shareable.isShareable(type);
        Optional<T> value = Optional.of(parse(s, type, shared));
        if (shared) {
            s.typed = new Typed(type, value);
        }
        return value;
    }

    /**
     * The part of the latest document at a JSON Pointer, e.g. {@code "/db/url"}.
     *
     * @param pointer a JSON Pointer (RFC 6901); {@code ""} is the whole document
     * @return the read-only node, or empty if nothing was published or nothing is at that pointer
     * @throws IllegalArgumentException if the pointer is malformed
     */
    public Optional<JsonNode> at(String pointer) {
        JsonPointer p;
        try {
            p = JsonPointer.compile(pointer);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSON Pointer '" + pointer + "': " + e.getMessage()
                    + " (expected e.g. /db/url)", e);
        }
        Optional<JsonNode> tree = get();
        if (tree.isEmpty()) {
            return tree;
        }
        JsonNode node = tree.get().at(p);
        return node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }

    /**
     * The latest document with its version and metadata.
     *
     * @return the versioned document, or empty if nothing was published yet
     */
    public Optional<Versioned<JsonNode>> snapshot() {
        Snapshot s = current;
        Optional<Versioned<JsonNode>> v = s.versioned;
        if (v != null && s.word == latestWordAcquire()) {
            return v;
        }
        return refreshVersioned();
    }

    private synchronized Optional<Versioned<JsonNode>> refreshVersioned() {
        Snapshot s = refresh();
        if (s.versioned == null) {
            if (s.tree == null) {
                s.tree = Optional.of(parse(s, JsonNode.class, true));
            }
            s.versioned = Optional.of(versioned(s.copy, s.tree.get()));
        }
        return s.versioned;
    }

    private static Instant micros(long m) {
        return Instant.EPOCH.plus(m, ChronoUnit.MICROS);
    }

    private static <T> Versioned<T> versioned(ReadProtocol.Copy c, T value) {
        return new Versioned<>(c.version(), value, c.epoch(), micros(c.publishedMicros()), c.tag());
    }

    /** @return "region 'cfg' version 7: ", the start of a message about that version's document */
    private String inVersion(ReadProtocol.Copy c) {
        return "region '" + region.name() + "' version " + c.version() + ": ";
    }

    private static String text(ReadProtocol.Copy c) {
        return new String(c.bytes(), 0, c.length(), StandardCharsets.UTF_8);
    }

    /**
     * The latest document's bytes, as the writer published them, once they passed the same validation as a
     * parse (checked once per version, not parsed into values).
     *
     * @return a fresh copy of the UTF-8 JSON, or empty if nothing was published yet
     * @throws InvalidJsonException if the payload is not one valid JSON value within this reader's limits
     * @throws RegionTruncatedException if another program truncated the file and this call noticed it (see
     *     the class comment for when the JVM reports it as an {@code InternalError} instead, and
     *     {@link #checkFile()} to find out for certain)
     */
    public Optional<byte[]> bytes() {
        Snapshot s = validSnapshot();
        return s.copy.bytes() == null ? Optional.empty() : Optional.of(s.copy.bytes().clone());
    }

    /**
     * The latest document's bytes as a read-only view, without the copy {@link #bytes()} makes: the bytes
     * were already copied out of the shared mapping and checked once for this version. Each call returns a
     * new view (its position and limit are the caller's); the content cannot be changed through it.
     *
     * @return a read-only buffer over the UTF-8 JSON, or empty if nothing was published yet
     * @throws InvalidJsonException if the payload is not one valid JSON value within this reader's limits
     * @throws RegionTruncatedException if another program truncated the file and this call noticed it (see
     *     the class comment for when the JVM reports it as an {@code InternalError} instead, and
     *     {@link #checkFile()} to find out for certain)
     */
    public Optional<ByteBuffer> byteBuffer() {
        Snapshot s = validSnapshot();
        return s.copy.bytes() == null ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(s.copy.bytes(), 0, s.copy.length()).asReadOnlyBuffer());
    }

    /**
     * The latest document's JSON text, exactly as published, once it passed the same validation as a parse
     * (checked once per version).
     *
     * @return the text, or empty if nothing was published yet
     * @throws InvalidJsonException if the payload is not one valid JSON value within this reader's limits
     * @throws RegionTruncatedException if another program truncated the file and this call noticed it (see
     *     the class comment for when the JVM reports it as an {@code InternalError} instead, and
     *     {@link #checkFile()} to find out for certain)
     */
    public Optional<String> text() {
        Snapshot s = validSnapshot();
        return s.copy.bytes() == null ? Optional.empty() : Optional.of(text(s.copy));
    }

    /** The latest snapshot, its payload validated as a parse would (once per version; a parse counts). */
    private Snapshot validSnapshot() {
        Snapshot s = latestSnapshot();
        if (s.copy.bytes() == null || s.valid) {
            return s;
        }
        checkValid(s);
        return s;
    }

    /** Validates a version's payload once (the verdict is cached in the snapshot); throws if it is invalid. */
    private void checkValid(Snapshot s) {
        synchronized (this) {
            if (!s.valid) {
                if (s.invalid == null) {
                    try {
                        codec.validate(s.copy.bytes(), 0, s.copy.length());
                        s.valid = true;
                    } catch (InvalidJsonException e) {
                        s.invalid = e;
                    }
                }
                if (s.invalid != null) {
                    throw new InvalidJsonException(inVersion(s.copy)
                            + s.invalid.getMessage(), s.invalid);
                }
            }
        }
    }

    private Snapshot latestSnapshot() {
        Snapshot s = current;
        if (s != CLOSED && s.word == latestWordAcquire()) {
            return s;
        }
        synchronized (this) {
            return refresh();
        }
    }

    /**
     * The version the commit word names now (0 if nothing was published yet). One acquire-load: it may be
     * newer than what {@link #get()} last returned, which makes it the cheap test for "did anything change".
     *
     * @return the latest version
     * @throws RegionReplacedException if the region was deleted
     * @throws RegionTruncatedException if another program truncated the file and this call noticed it (see
     *     the class comment for when the JVM reports it as an {@code InternalError} instead, and
     *     {@link #checkFile()} to find out for certain)
     */
    public long version() {
        checkOpen();
        long w = latestWordAcquire();
        if (w == TOMBSTONE) {
            throw deleted();
        }
        long v = versionOf(w);
        if (v < current.copy.version()) {
            throw wentBack(v);
        }
        return v;
    }

    /**
     * A commit word older than a version already seen cannot come from a writer (versions only grow, in
     * one file): the file was truncated (a faulting load reads as zero) or overwritten. One size check,
     * on this rare path only, tells which.
     */
    private RegionCorruptException wentBack(long v) {
        RegionCorruptException truncated = truncatedIfShrunk(null);
        if (truncated != null) {
            return truncated;
        }
        return new RegionCorruptException("region '" + region.name() + "': the commit word names version " + v
                + ", older than version " + current.copy.version() + " this reader already read; something other than"
                + " its writer changed the file");
    }

    /** A RegionTruncatedException if the file is now shorter than what this reader maps or its header says. */
    private RegionTruncatedException truncatedIfShrunk(Throwable cause) {
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            return null;
        }
        long mapped = buffer.length();
        if (size >= mapped) {
            return null;
        }
        absorbLateFault();
        RegionTruncatedException t = HeaderCheck.truncated(region.name(), mapped, size);
        if (cause != null) {
            t.initCause(cause);
        }
        return t;
    }

    /**
     * Waits until the region holds a version newer than {@code sinceVersion}, using the reader's idle strategy.
     *
     * @param sinceVersion the version already seen (0 to wait for the first value)
     * @param timeout how long to wait at most
     * @return the newer version, or empty on timeout
     * @throws RegionReplacedException if the file was deleted or replaced meanwhile
     */
    public OptionalLong awaitChange(long sinceVersion, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long checkEvery = options.fileCheckInterval().toNanos();
        long nextCheck = System.nanoTime() + checkEvery;
        IdleStrategy idle = options.idleStrategy().copy();
        try {
            return awaitChange(sinceVersion, deadline, checkEvery, nextCheck, idle);
        } catch (InternalError e) {
            // the SIGBUS of a read past a truncated end, delivered at a safepoint poll in the loop
            throw faulted(e);
        }
    }

    private OptionalLong awaitChange(long sinceVersion, long deadline, long checkEvery, long nextCheck,
                                     IdleStrategy idle) {
        while (true) {
            long w = commitWord();
            long v = versionOf(w);
            if (v > sinceVersion) {
                return OptionalLong.of(v);
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return OptionalLong.empty();
            }
            if (now - nextCheck >= 0) {
                checkFile();
                nextCheck = now + checkEvery;
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new JsonMmapException("interrupted while waiting for a change of region '" + region.name() + "'");
            }
            idle.idle(waiter(), w, Math.min(deadline - now, nextCheck - now));
        }
    }

    /**
     * The commit word (acquire), for waits: fails if closed or deleted.
     *
     * @return the commit word, never the tombstone
     */
    long commitWord() {
        checkOpen();
        long w = latestWordAcquire();
        if (w == TOMBSTONE) {
            throw deleted();
        }
        return w;
    }

    /**
     * One wait of a loop that follows the commit word (subscriptions, {@link #nextVersion}): checks the file
     * ({@link #checkFile()}) if {@code nextCheck} has come, then idles while the word is {@code seenWord}, at
     * most until the next check.
     *
     * @param idle the loop's own idle strategy
     * @param seenWord the commit word the loop last saw
     * @param nextCheck when the file is due to be checked ({@link System#nanoTime()})
     * @param checkEveryNanos the interval of file checks
     * @return when the file is due to be checked next
     */
    long checkFileAndIdle(IdleStrategy idle, long seenWord, long nextCheck, long checkEveryNanos) {
        long now = System.nanoTime();
        long next = nextCheck;
        if (now - next >= 0) {
            checkFile();
            next = now + checkEveryNanos;
        }
        idle.idle(waiter(), seenWord, next - now);
        return next;
    }

    /** The futex waiter of this reader, made on the first wait; null when this JVM has no futex. */
    CommitSignal.Waiter waiter() {
        CommitSignal.Waiter w = waiter;
        if (w == null && !waiterTried) {
            synchronized (this) {
                if (!waiterTried) {
                    waiter = CommitSignal.Waiter.open(region.path(), channel);
                    waiterTried = true;
                }
                w = waiter;
            }
        }
        return w;
    }

    /**
     * Calls {@code listener} with the current version (if any) and then with each new version, on a
     * daemon thread of its own, until the subscription or this reader is closed. Problems go to the log
     * (level WARNING); use {@link #subscribe(Consumer, Consumer)} to handle them.
     *
     * <p>Delivery is conflated: a listener slower than the writer skips intermediate versions, but it
     * always ends on the latest one.
     *
     * @param listener receives each version, read-only
     * @return the subscription; close it to stop
     */
    public Subscription subscribe(Consumer<Versioned<JsonNode>> listener) {
        return subscribe(listener, this::logSubscriptionError);
    }

    /**
     * Calls {@code listener} with the current version (if any) and then with each new version, on a daemon
     * thread of its own, until the subscription or this reader is closed; {@code onError} hears of every
     * problem. A subscription never goes silently stale:
     *
     * <ul>
     *   <li>The region deleted or replaced (a master that restarts deletes and creates it): {@code onError}
     *       receives the {@link RegionReplacedException}, then the subscription follows the next file at the
     *       same path, waiting for it to be created, and delivers its versions from its first one (so
     *       {@link Subscription#lastDeliveredVersion()} starts again). This reader itself stays on the old
     *       file: its own {@code get()} raises {@code RegionReplacedException}; reopen it to read directly.
     *       The same as {@code jsonmmap watch}; {@link #awaitChange} and Python's {@code await_change}, which
     *       wait on one file, raise {@code RegionReplacedException} / {@code RegionReplacedError} instead.</li>
     *   <li>A version that fails validation: {@code onError} (once per distinct problem), and the subscription
     *       keeps watching for the next version.</li>
     *   <li>The file truncated by another program: {@code onError} with {@link RegionTruncatedException},
     *       and the subscription ends ({@link Subscription#isActive()} false).</li>
     *   <li>The listener throws anything, an {@link Error} included: {@code onError} receives a
     *       {@link JsonMmapException} naming the version, with the throwable as its cause, and later versions
     *       are still delivered.</li>
     * </ul>
     *
     * @param listener receives each version, read-only
     * @param onError hears of every problem, as above (called on the subscription's thread)
     * @return the subscription; close it to stop
     */
    public Subscription subscribe(Consumer<Versioned<JsonNode>> listener, Consumer<JsonMmapException> onError) {
        return subscribe(listener, SubscriptionOptions.defaults().withOnError(onError));
    }

    /**
     * Like {@link #subscribe(Consumer)}, on the thread (name, factory or executor) and with the error handler
     * that {@code delivery} names.
     *
     * @param listener receives each version, read-only
     * @param delivery where the subscription runs and where read errors go
     * @return the subscription; close it to stop
     */
    public Subscription subscribe(Consumer<Versioned<JsonNode>> listener, SubscriptionOptions delivery) {
        return start(RegionReader::snapshot, Versioned::version, listener, delivery);
    }

    /**
     * Calls {@code listener} with each version as a value of {@code type} (the current one first), like
     * {@link #subscribe(Consumer)}. The value is the one {@link #get(Class)} caches and shares when the type is
     * deeply read-only (records, frozen collections); other types are parsed once per delivery. A version that
     * does not fit the type goes to the error handler (the log by default) and the subscription goes on.
     *
     * @param type a record, a POJO, a collection type...
     * @param listener receives each version
     * @param <T> the type
     * @return the subscription; close it to stop
     */
    public <T> Subscription subscribe(Class<T> type, Consumer<Versioned<T>> listener) {
        return subscribe(type, listener, SubscriptionOptions.defaults());
    }

    /**
     * Like {@link #subscribe(Class, Consumer)}, run as {@code delivery} says.
     *
     * @param type the type
     * @param listener receives each version
     * @param delivery where the subscription runs and where read errors go
     * @param <T> the type
     * @return the subscription; close it to stop
     */
    public <T> Subscription subscribe(Class<T> type, Consumer<Versioned<T>> listener, SubscriptionOptions delivery) {
        Objects.requireNonNull(type, "type");
        return start(r -> r.versionedTyped(type), Versioned::version, listener, delivery);
    }

    /**
     * Like {@link #subscribe(Class, Consumer)} for a generic type, e.g. {@code new TypeReference<List<Item>>() {}}.
     *
     * @param type the type
     * @param listener receives each version
     * @param <T> the type
     * @return the subscription; close it to stop
     */
    public <T> Subscription subscribe(TypeReference<T> type, Consumer<Versioned<T>> listener) {
        return subscribe(type, listener, SubscriptionOptions.defaults());
    }

    /**
     * Like {@link #subscribe(Class, Consumer)} for a generic type, e.g. {@code new TypeReference<List<Item>>() {}}.
     *
     * @param type the type
     * @param listener receives each version
     * @param delivery where the subscription runs and where read errors go
     * @param <T> the type
     * @return the subscription; close it to stop
     */
    public <T> Subscription subscribe(TypeReference<T> type, Consumer<Versioned<T>> listener,
                                      SubscriptionOptions delivery) {
        Type t = type.getType();
        return start(r -> r.versionedTyped(t), Versioned::version, listener, delivery);
    }

    /**
     * Calls {@code listener} with each version's {@link RawSnapshot} (validated bytes, not parsed), the current
     * one first, like {@link #subscribe(Consumer)}.
     *
     * @param listener receives each version
     * @return the subscription; close it to stop
     */
    public Subscription subscribeRaw(Consumer<RawSnapshot> listener) {
        return subscribeRaw(listener, SubscriptionOptions.defaults());
    }

    /**
     * Like {@link #subscribeRaw(Consumer)}, run as {@code delivery} says.
     *
     * @param listener receives each version
     * @param delivery where the subscription runs and where read errors go
     * @return the subscription; close it to stop
     */
    public Subscription subscribeRaw(Consumer<RawSnapshot> listener, SubscriptionOptions delivery) {
        return start(RegionReader::rawSnapshot, RawSnapshot::version, listener, delivery);
    }

    private <T> Subscription start(java.util.function.Function<RegionReader, Optional<T>> read,
                                   java.util.function.ToLongFunction<T> versionOf, Consumer<? super T> listener,
                                   SubscriptionOptions delivery) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(delivery, "delivery");
        checkOpen();
        Consumer<JsonMmapException> onError = delivery.onError() != null ? delivery.onError()
                : this::logSubscriptionError;
        RegionSubscription<T> sub = new RegionSubscription<>(this, read, versionOf, listener, onError,
                options.idleStrategy().copy(), options.fileCheckInterval(), delivery);
        subscriptions.add(sub);
        sub.start();
        return sub;
    }

    /** Where a subscription's read errors go when nobody asked for them: the log, as a warning. */
    private void logSubscriptionError(JsonMmapException e) {
        LOG.log(Level.WARNING, "subscription to region '" + region.name() + "': " + e.getMessage());
    }

    /**
     * Like {@link #subscribe(Consumer)}, scoped to one part of the document: {@code listener} receives the
     * part at {@code pointer} with the first version, and then only with versions in which that part
     * changed (compared as trees; versions that change other parts are not delivered). A part that is
     * absent is delivered as a missing node ({@code value().isMissingNode()}), once, when it disappears.
     *
     * @param pointer a JSON Pointer such as {@code /db}; {@code ""} is the whole document
     * @param listener receives each version's part, read-only
     * @return the subscription; close it to stop
     * @throws IllegalArgumentException if {@code pointer} is not a JSON Pointer
     */
    public Subscription subscribe(String pointer, Consumer<Versioned<JsonNode>> listener) {
        return subscribe(pointer, listener, e -> LOG.log(Level.WARNING, "subscription to region '" + region.name()
                + "' at " + pointer + ": " + e.getMessage()));
    }

    /**
     * Like {@link #subscribe(String, Consumer)}, sending read errors to {@code onError} instead of the log.
     *
     * @param pointer a JSON Pointer such as {@code /db}
     * @param listener receives each version's part, read-only
     * @param onError receives errors reading the region
     * @return the subscription; close it to stop
     * @throws IllegalArgumentException if {@code pointer} is not a JSON Pointer
     */
    public Subscription subscribe(String pointer, Consumer<Versioned<JsonNode>> listener,
                                  Consumer<JsonMmapException> onError) {
        JsonPointer at = JsonPointer.compile(pointer);
        return subscribe(new PartListener(at, listener), onError);
    }

    /** The latest version as a {@code type} value with its own version and metadata (one snapshot). */
    @SuppressWarnings("unchecked")
    private synchronized <T> Optional<Versioned<T>> versionedTyped(Type type) {
        Snapshot s = refresh();
        if (s.copy.bytes() == null) {
            return Optional.empty();
        }
        T value;
        Typed typed = s.typed;
        if (typed != null && typed.type() == type) {
            value = (T) typed.value().get();
        } else if (type == JsonNode.class) {
            if (s.tree == null) {
                s.tree = Optional.of(parse(s, JsonNode.class, true));
            }
            value = (T) s.tree.get();
        } else {
            boolean shared = Shareable.isShareable(type);
            value = parse(s, type, shared);
            if (shared) {
                s.typed = new Typed(type, Optional.of(value));
            }
        }
        return Optional.of(versioned(s.copy, value));
    }

    /**
     * The latest version's validated bytes with their version, epoch, publish time and tag, read together:
     * no {@code version()} before or after can disagree with them. Nothing is parsed. When nothing changed
     * since the last call this is one acquire-load and a compare, and returns the same instance (no
     * allocation); after a change the first call copies the new version out of the mapping and checks it.
     *
     * @return the snapshot, or empty if nothing was published yet
     * @throws InvalidJsonException if the latest version's payload is not one valid JSON value within this
     *     reader's limits (never an older value instead)
     * @throws RegionReplacedException if the region was deleted
     * @throws RegionClosedException if this reader is closed
     */
    public Optional<RawSnapshot> rawSnapshot() {
        Snapshot s = current;
        Optional<RawSnapshot> raw = s.raw;
        if (raw != null && s.word == latestWordAcquire()) {
            return raw;
        }
        return refreshRaw();
    }

    private synchronized Optional<RawSnapshot> refreshRaw() {
        Snapshot s = refresh();
        if (s.raw == null && s.copy.bytes() != null) {
            checkValid(s);   // a raw snapshot holds only a payload that passed the same validation as a parse
        }
        if (s.raw == null) {
            s.raw = s.copy.bytes() == null ? Optional.empty()
                    : Optional.of(new RawSnapshot(s.copy));
        }
        return s.raw;
    }

    /**
     * A future of the first version newer than {@code sinceVersion}: completed at once if there is one, else
     * by this reader's waiting thread (one daemon thread serves every pending future of the reader; it sleeps
     * on the futex where available, like {@link #awaitChange}, and exits when no future is pending). It
     * completes exceptionally if the region is deleted or replaced, or the reader closed. Cancelling it is
     * allowed. Dependent stages run on the waiting thread unless added with an {@code *Async} method: keep
     * them short or give them an executor.
     *
     * @param sinceVersion the version already seen (0 to wait for the first value)
     * @return the future
     */
    public java.util.concurrent.CompletableFuture<Long> nextVersion(long sinceVersion) {
        checkOpen();
        long v = version();
        if (v > sinceVersion) {
            return java.util.concurrent.CompletableFuture.completedFuture(v);
        }
        return futures.add(sinceVersion);
    }

    /** Wakes this reader's threads that sleep on the futex (they look again and see they should stop). */
    void wakeSleepers() {
        CommitSignal.Waiter w = waiter;
        if (w != null) {
            w.wakeAll();
        }
    }

    void unregister(RegionSubscription<?> sub) {
        subscriptions.remove(sub);
    }

    /**
     * Checks that the file at the region's path is still the one this reader mapped and is not shorter
     * than the header says. Waits ({@link #awaitChange}, subscriptions) call it periodically.
     *
     * @throws RegionReplacedException if the file was deleted or replaced
     * @throws RegionTruncatedException if it shrank
     */
    public void checkFile() {
        checkOpen();
        try {
            Object key = Files.readAttributes(region.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (key != null && !key.equals(fileKey)) {
                throw new RegionReplacedException("region '" + region.name() + "' was replaced: " + region.path()
                        + " is now another file; reopen the reader to follow it");
            }
        } catch (NoSuchFileException e) {
            throw new RegionReplacedException("region '" + region.name() + "' was deleted: " + region.path()
                    + " no longer exists", e);
        } catch (IOException e) {
            throw new RegionIOException("cannot check region '" + region.name() + "': " + e, e);
        }
        try {
            long size = channel.size();
            // compare with what we mapped before touching the mapping: a page past the end would fault
            long mapped = buffer.length();
            if (size < mapped) {
                throw HeaderCheck.truncated(region.name(), mapped, size);
            }
            // FILE_LENGTH first, the size after (see HeaderCheck.check): never a growth mistaken for a truncation
            long declared = declaredLength();
            long sizeAfter = channel.size();
            if (sizeAfter < declared) {
                throw HeaderCheck.truncated(region.name(), declared, sizeAfter);
            }
        } catch (IOException e) {
            throw new RegionIOException("cannot check region '" + region.name() + "': " + e, e);
        }
        if (latestWordAcquire() == TOMBSTONE) {
            throw deleted();
        }
    }

    private RegionReplacedException deleted() {
        return protocol.deleted();
    }

    private long declaredLength() {
        long declared = buffer.getLongAcquire(FILE_LENGTH_OFFSET);
        return declared;
    }

    /** Brings {@link #current} up to the commit word (copying and checking a new version if needed). */
    private Snapshot refresh() {
        checkOpen();
        Snapshot s = current;
        if (s.word == latestWordAcquire() && s.word != TOMBSTONE) {
            return s;
        }
        try {
            s = readLatest(true);
        } catch (InternalError e) {
            throw faulted(e);
        } catch (RegionCorruptException e) {
            // zeros where a truncated file lost its pages look like a broken slot: say what happened
            RegionTruncatedException truncated = e instanceof RegionTruncatedException ? null : truncatedIfShrunk(e);
            throw truncated != null ? truncated : e;
        }
        if (s.copy.version() < current.copy.version() && current != CLOSED) {
            throw wentBack(s.copy.version());
        }
        current = s;
        return s;
    }

    /** The read protocol of docs/FORMAT.md §6.2, in {@link ReadProtocol}. */
    private Snapshot readLatest(boolean copyPayload) {
        ReadProtocol.Copy c = protocol.readLatest(mapping, copyPayload);
        if (c.version() == 0) {
            // nothing published yet: cache the word (it carries the owner's tag) so the fast path holds
            Snapshot none = new Snapshot(c);
            none.tree = Optional.empty();
            none.versioned = Optional.empty();
            return none;
        }
        return new Snapshot(c);
    }

    /** For verify: checks the slot the commit word does not name ({@link ReadProtocol#checkIdleSlot}). */
    synchronized List<String> checkIdleSlot() {
        checkOpen();
        return protocol.checkIdleSlot(mapping);
    }

    /** Maps the file again, larger, after the writer grew it. */
    private RegionBuffer remap(long declared) {
        try {
            long size = channel.size();
            if (size < declared) {
                throw HeaderCheck.truncated(region.name(), declared, size);
            }
            RegionBuffer b = new RegionBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, declared));
            buffer = b;
            return b;
        } catch (IOException e) {
            throw new RegionIOException("cannot map region '" + region.name() + "' to its new length " + declared
                    + ": " + e, e);
        }
    }

    /**
     * What the region holds now, read from its header and the latest descriptor (the document is not parsed).
     *
     * @return the description
     */
    public synchronized RegionInfo info() {
        checkOpen();
        Snapshot s;
        try {
            s = readLatest(false);
        } catch (InternalError e) {
            throw faulted(e);
        }
        RegionBuffer b = buffer;
        String mode;
        try {
            mode = FileMode.octal(FileMode.bitsOf(Files.getPosixFilePermissions(region.path(), LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException | UnsupportedOperationException e) {
            mode = "unknown";
        }
        Path path = region.path();
        ReadProtocol.Copy c = s.copy;
        return new RegionInfo(region.name(), path, RegionLayout.FORMAT_VERSION, c.version(), c.length(), c.capacity(),
                declaredLength(), b.getLongAcquire(EPOCH_OFFSET), b.getLongAcquire(WRITER_PID_OFFSET),
                region.writerAlive(), Instant.ofEpochMilli(b.getLongAcquire(CREATED_OFFSET)),
                c.version() == 0 ? null : micros(c.publishedMicros()), c.tag(), mode,
                RegionStatus.decode(b.getLongAcquire(RegionLayout.STATUS_OFFSET)));
    }

    /**
     * The status the writer sets beside the document (for mirrored regions: whether the source is reachable
     * and valid, and since when). One acquire-load.
     *
     * @return the status ({@link RegionStatus#NONE}-like flags 0 when all is well or never set)
     */
    public RegionStatus status() {
        checkOpen();
        try {
            return RegionStatus.decode(buffer.getLongAcquire(RegionLayout.STATUS_OFFSET));
        } catch (InternalError e) {
            throw faulted(e);
        }
    }

    /** @return the region this reader follows */
    public Region region() {
        return region;
    }

    /** @return the options this reader was opened with */
    public ReaderOptions options() {
        return options;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new RegionClosedException("the reader of region '" + region.name() + "' is closed");
        }
    }

    /**
     * Closes the reader and its subscriptions. The mapping is released when the garbage collector frees it
     * (Java 17 has no public unmap). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = CLOSED;
        }
        for (RegionSubscription<?> sub : subscriptions) {
            sub.close();
        }
        futures.closed();
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "RegionReader[" + region.name() + (closed ? ", closed" : "") + "]";
    }
}
