package org.jsonmmap;

import java.time.Instant;

/**
 * What the writer says about the source it mirrors, beside the document: a writer that copies a value from
 * elsewhere (the ZooKeeper bridge) sets it so that readers can tell that the value they read is the last
 * good one while the source is unreachable or invalid. It is a status, not an error: the document stays
 * readable. Plain writers leave it at {@link #NONE} (flags 0).
 *
 * @param flags a combination of {@link #SOURCE_DISCONNECTED} and {@link #SOURCE_INVALID} (0 = all well)
 * @param since when the writer set these flags (microsecond precision); the epoch when never set
 */
public record RegionStatus(int flags, Instant since) {
    /** The writer cannot reach its source; the document is the last value it had. */
    public static final int SOURCE_DISCONNECTED = 1;
    /** The source holds a value the writer refused (e.g. invalid JSON); the document is the last good one. */
    public static final int SOURCE_INVALID = 2;
    /** Largest flags value the format holds (8 bits). */
    public static final int MAX_FLAGS = 0xFF;
    /** No status ever set. */
    public static final RegionStatus NONE = new RegionStatus(0, Instant.EPOCH);

    /**
     * Checks the flags fit the format.
     *
     * @param flags the flags
     * @param since when they were set
     */
    public RegionStatus {
        if (flags < 0 || flags > MAX_FLAGS) {
            throw new IllegalArgumentException("status flags must be 0.." + MAX_FLAGS + ", was " + flags);
        }
    }

    /** @return whether the source is unreachable */
    public boolean sourceDisconnected() {
        return (flags & SOURCE_DISCONNECTED) != 0;
    }

    /** @return whether the source holds a value the writer refused */
    public boolean sourceInvalid() {
        return (flags & SOURCE_INVALID) != 0;
    }

    static RegionStatus decode(long word) {
        return new RegionStatus((int) (word & MAX_FLAGS),
                Instant.EPOCH.plus(word >>> 8, java.time.temporal.ChronoUnit.MICROS));
    }

    static long encode(int flags, Instant since) {
        long micros = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, since);
        return (micros << 8) | (flags & MAX_FLAGS);
    }
}
