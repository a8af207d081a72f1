package org.jsonmmap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import org.jsonmmap.internal.ReadProtocol;

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
    /* Version, epoch, publish time, tag and bytes as the read protocol copied and checked them together. */
    private final ReadProtocol.Copy copy;

    RawSnapshot(ReadProtocol.Copy copy) {
        this.copy = copy;
    }

    /** @return the version these bytes are */
    public long version() {
        return copy.version();
    }

    /** @return the writer epoch that published this version */
    public long epoch() {
        return copy.epoch();
    }

    /** @return when the writer published it (writer's wall clock, microsecond precision) */
    public Instant publishedAt() {
        return Instant.EPOCH.plus(copy.publishedMicros(), ChronoUnit.MICROS);
    }

    /** @return when the writer published it, in microseconds since the Unix epoch (no allocation) */
    public long publishedMicros() {
        return copy.publishedMicros();
    }

    /** @return the application tag published with the version (0 when none) */
    public long tag() {
        return copy.tag();
    }

    /** @return the document's length in bytes */
    public int length() {
        return copy.length();
    }

    /**
     * The document's bytes as a read-only view, without a copy. Each call returns a new view (position 0,
     * limit {@link #length()}); its position and limit are the caller's, the content cannot be changed.
     *
     * @return the UTF-8 JSON
     */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(copy.bytes(), 0, copy.length()).slice().asReadOnlyBuffer();
    }

    /** @return a fresh copy of the UTF-8 JSON */
    public byte[] toByteArray() {
        return Arrays.copyOf(copy.bytes(), copy.length());
    }

    /** @return the JSON text (decoded on each call) */
    public String text() {
        return new String(copy.bytes(), 0, copy.length(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RawSnapshot[version " + copy.version() + ", epoch " + copy.epoch() + ", " + copy.length()
                + " bytes, tag " + copy.tag() + "]";
    }
}
