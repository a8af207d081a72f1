package org.jsonmmap.internal;

import java.util.zip.CRC32;

/**
 * The CRC-32 (ISO-HDLC, as zlib's {@code crc32}) that seals a slot: it covers the descriptor's version,
 * payload offset, capacity, length, publish time, epoch and tag (in that order, little-endian, 52 bytes),
 * then the payload. A flipped bit in any of them is caught, not only in the payload.
 * Not thread-safe: one per reader or writer.
 */
public final class Checksum {
    private final CRC32 crc = new CRC32();
    private final byte[] fields = new byte[52];

    /**
     * Computes the seal of one slot.
     *
     * @return the CRC-32 as an unsigned 32-bit value in an int
     */
    public int seal(long version, long offset, long capacity, int length, long publishedMicros, long epoch, long tag,
                    byte[] payload, int payloadOffset) {
        int p = 0;
        p = putLong(p, version);
        p = putLong(p, offset);
        p = putLong(p, capacity);
        p = putInt(p, length);
        p = putLong(p, publishedMicros);
        p = putLong(p, epoch);
        putLong(p, tag);
        crc.reset();
        crc.update(fields, 0, fields.length);
        crc.update(payload, payloadOffset, length);
        return (int) crc.getValue();
    }

    private int putLong(int p, long v) {
        for (int i = 0; i < 8; i++) {
            fields[p + i] = (byte) (v >>> (8 * i));
        }
        return p + 8;
    }

    private int putInt(int p, int v) {
        for (int i = 0; i < 4; i++) {
            fields[p + i] = (byte) (v >>> (8 * i));
        }
        return p + 4;
    }
}
