package org.jsonmmap;

import java.time.Duration;
import java.util.Objects;

import org.jsonmmap.internal.Jackson;

/**
 * Immutable settings of a {@link RegionReader}. A reader parses what another process wrote, so it
 * enforces limits of its own: the largest document it copies and the deepest nesting it parses.
 */
public final class ReaderOptions {
    /** Default largest document a reader accepts: 512 MiB (the format's own limit). */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = WriterOptions.FORMAT_MAX_CAPACITY;
    /** Default interval at which waiting readers check that the file at the path is still theirs. */
    public static final Duration DEFAULT_FILE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final ReaderOptions DEFAULTS = new ReaderOptions(DEFAULT_MAX_DOCUMENT_BYTES,
            Jackson.defaults(), IdleStrategy.defaults(), DEFAULT_FILE_CHECK_INTERVAL);

    private final long maxDocumentBytes;
    private final Jackson codec;
    private final IdleStrategy idleStrategy;
    private final Duration fileCheckInterval;

    private ReaderOptions(long maxDocumentBytes, Jackson codec, IdleStrategy idleStrategy, Duration fileCheckInterval) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.codec = codec;
        this.idleStrategy = idleStrategy;
        this.fileCheckInterval = fileCheckInterval;
    }

    /**
     * Defaults: documents up to 512 MiB, nesting depth up to 1000, back-off idling up to 10 ms, file check every second.
     *
     * @return the defaults
     */
    public static ReaderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Largest document this reader copies; a larger one raises {@link CapacityExceededException}.
     *
     * @param bytes at least 1
     * @return a copy with that limit
     */
    public ReaderOptions withMaxDocumentBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max document bytes must be at least 1, was " + bytes);
        }
        return new ReaderOptions(bytes, codec, idleStrategy, fileCheckInterval);
    }

    /**
     * Deepest nesting of arrays and objects this reader parses; deeper raises {@link InvalidJsonException}.
     *
     * @param depth at least 1
     * @return a copy with that limit
     */
    public ReaderOptions withMaxNestingDepth(int depth) {
        return new ReaderOptions(maxDocumentBytes, codec.withMaxNestingDepth(depth), idleStrategy, fileCheckInterval);
    }

    /**
     * Whether reading into a type ({@link RegionReader#get(Class)}) fails on a property the type has no
     * place for. Off by default, so that a master can add fields to its document before every follower has
     * been upgraded to know them; turn it on to catch misspelt field names early. Missing record components,
     * nulls for primitives and values of the wrong type always fail, naming the field's JSON Pointer.
     *
     * @param strict whether unknown properties fail the read
     * @return a copy with that setting
     */
    public ReaderOptions withFailOnUnknownProperties(boolean strict) {
        return new ReaderOptions(maxDocumentBytes, codec.withFailOnUnknownProperties(strict), idleStrategy,
                fileCheckInterval);
    }

    /**
     * How waits ({@code awaitChange}, subscriptions) idle between looks.
     *
     * @param idleStrategy e.g. {@link IdleStrategy#busySpin()} for the lowest latency
     * @return a copy with that strategy
     */
    public ReaderOptions withIdleStrategy(IdleStrategy idleStrategy) {
        return new ReaderOptions(maxDocumentBytes, codec, Objects.requireNonNull(idleStrategy, "idleStrategy"),
                fileCheckInterval);
    }

    /**
     * How often a waiting reader checks that the file at the region's path is still the one it mapped
     * (deleted or replaced files raise {@link RegionReplacedException}). {@code get()} itself never makes
     * a system call.
     *
     * @param interval at least 1 ms
     * @return a copy with that interval
     */
    public ReaderOptions withFileCheckInterval(Duration interval) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("file check interval must be at least 1 ms, was " + interval);
        }
        return new ReaderOptions(maxDocumentBytes, codec, idleStrategy, interval);
    }

    /** @return largest document accepted */
    public long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /** @return the deepest nesting accepted */
    public int maxNestingDepth() {
        return codec.maxNestingDepth();
    }

    /** @return whether unknown properties fail a typed read */
    public boolean failOnUnknownProperties() {
        return codec.failOnUnknownProperties();
    }

    /** The Jackson 3 configuration these limits make. */
    Jackson codec() {
        return codec;
    }

    /** @return the idle strategy (a template: each wait uses its own copy) */
    public IdleStrategy idleStrategy() {
        return idleStrategy;
    }

    /** @return interval of file identity checks while waiting */
    public Duration fileCheckInterval() {
        return fileCheckInterval;
    }
}
