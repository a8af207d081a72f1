package org.jsonmmap;

import java.time.Duration;
import java.util.Objects;

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
            JacksonCodec.defaults(), IdleStrategy.defaults(), DEFAULT_FILE_CHECK_INTERVAL);

    private final long maxDocumentBytes;
    private final JsonCodec codec;
    private final IdleStrategy idleStrategy;
    private final Duration fileCheckInterval;

    private ReaderOptions(long maxDocumentBytes, JsonCodec codec, IdleStrategy idleStrategy, Duration fileCheckInterval) {
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
     * The JSON library to parse with.
     *
     * @param codec the codec
     * @return a copy with that codec
     */
    public ReaderOptions withCodec(JsonCodec codec) {
        return new ReaderOptions(maxDocumentBytes, Objects.requireNonNull(codec, "codec"), idleStrategy, fileCheckInterval);
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

    /** @return the codec */
    public JsonCodec codec() {
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
