package org.jsonmmap.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * The CRC-32 (ISO-HDLC, as zlib's {@code crc32}) that seals a slot: it covers the descriptor's version,
 * payload offset, capacity, length, publish time, epoch and tag (in that order, little-endian, 52 bytes),
 * then the payload. A flipped bit in any of them is caught, not only in the payload.
 * Not thread-safe: one per reader or writer.
 */
public final class Checksum {
    private final CRC32 crc = new CRC32();
    private final ByteBuffer fields = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Computes the seal of one slot.
     *
     * @return the CRC-32 as an unsigned 32-bit value in an int
     */
    public int seal(long version, long offset, long capacity, int length, long publishedMicros, long epoch, long tag,
                    byte[] payload, int payloadOffset) {
        fields.putLong(0, version)
                .putLong(8, offset)
                .putLong(16, capacity)
                .putInt(24, length)
                .putLong(28, publishedMicros)
                .putLong(36, epoch)
                .putLong(44, tag);
        crc.reset();
        crc.update(fields.array(), 0, 52);
        crc.update(payload, payloadOffset, length);
        return (int) crc.getValue();
    }
}
