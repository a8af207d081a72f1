package org.jsonmmap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * One version of a region's document as the writer published it, not parsed: the validated UTF-8 bytes with
 * the version, epoch, publish time and tag that belong to them (they were read together, under one check of
 * the slot's sequence and CRC-32). From {@link RegionReader#rawSnapshot()}.
 *
 * <p>The bytes are the reader's private copy of the version, taken out of the shared mapping once and checked
 * once; this object never copies them again unless asked ({@link #toByteArray()}). It is immutable and
 * shared: every caller of the same reader gets the same instance for the same version.
 */
public final class RawSnapshot {
    private final long version;
    private final long epoch;
    private final long publishedMicros;
    private final long tag;
    private final byte[] bytes;
    private final int length;

    RawSnapshot(long version, long epoch, long publishedMicros, long tag, byte[] bytes, int length) {
        this.version = version;
        this.epoch = epoch;
        this.publishedMicros = publishedMicros;
        this.tag = tag;
        this.bytes = bytes;
        this.length = length;
    }

    /** @return the version these bytes are */
    public long version() {
        return version;
    }

    /** @return the writer epoch that published this version */
    public long epoch() {
        return epoch;
    }

    /** @return when the writer published it (writer's wall clock, microsecond precision) */
    public Instant publishedAt() {
        return Instant.EPOCH.plus(publishedMicros, ChronoUnit.MICROS);
    }

    /** @return when the writer published it, in microseconds since the Unix epoch (no allocation) */
    public long publishedMicros() {
        return publishedMicros;
    }

    /** @return the application tag published with the version (0 when none) */
    public long tag() {
        return tag;
    }

    /** @return the document's length in bytes */
    public int length() {
        return length;
    }

    /**
     * The document's bytes as a read-only view, without a copy. Each call returns a new view (position 0,
     * limit {@link #length()}); its position and limit are the caller's, the content cannot be changed.
     *
     * @return the UTF-8 JSON
     */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length).slice().asReadOnlyBuffer();
    }

    /** @return a fresh copy of the UTF-8 JSON */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** @return the JSON text (decoded on each call) */
    public String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RawSnapshot[version " + version + ", epoch " + epoch + ", " + length + " bytes, tag " + tag + "]";
    }
}
