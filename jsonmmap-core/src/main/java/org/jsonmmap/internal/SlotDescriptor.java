package org.jsonmmap.internal;

import static org.jsonmmap.internal.RegionLayout.CAPACITY_FIELD;
import static org.jsonmmap.internal.RegionLayout.CRC_FIELD;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.LENGTH_FIELD;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_ALIGNMENT;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_OFFSET_FIELD;
import static org.jsonmmap.internal.RegionLayout.PUBLISHED_FIELD;
import static org.jsonmmap.internal.RegionLayout.SLOT_EPOCH_FIELD;
import static org.jsonmmap.internal.RegionLayout.TAG_FIELD;
import static org.jsonmmap.internal.RegionLayout.VERSION_FIELD;
import static org.jsonmmap.internal.RegionLayout.slotField;

/**
 * The fields of one slot descriptor, as loaded (plain loads) at one moment. Whether the load was
 * consistent is for the caller's seqlock to decide; this class only holds the values and checks them.
 *
 * @param slot which slot
 * @param version VERSION
 * @param offset PAYLOAD_OFFSET
 * @param capacity CAPACITY
 * @param length LENGTH (a u32 kept in an int: negative means over 2 GiB, always out of range)
 * @param crc CRC
 * @param published PUBLISHED (epoch micros)
 * @param epoch SLOT_EPOCH
 * @param tag TAG
 */
public record SlotDescriptor(int slot, long version, long offset, long capacity, int length, int crc, long published,
                             long epoch, long tag) {

    /**
     * Loads every field of {@code slot} with plain loads.
     *
     * @param b the mapping
     * @param slot the slot
     * @return the values
     */
    public static SlotDescriptor loadPlain(RegionBuffer b, int slot) {
        return new SlotDescriptor(slot,
                b.getLongPlain(slotField(slot, VERSION_FIELD)),
                b.getLongPlain(slotField(slot, PAYLOAD_OFFSET_FIELD)),
                b.getLongPlain(slotField(slot, CAPACITY_FIELD)),
                b.getIntPlain(slotField(slot, LENGTH_FIELD)),
                b.getIntPlain(slotField(slot, CRC_FIELD)),
                b.getLongPlain(slotField(slot, PUBLISHED_FIELD)),
                b.getLongPlain(slotField(slot, SLOT_EPOCH_FIELD)),
                b.getLongPlain(slotField(slot, TAG_FIELD)));
    }

    /**
     * Whether the payload area lies inside a file of {@code fileLength} bytes and holds {@code LENGTH}
     * (docs/FORMAT.md §3.2). Every comparison is written so that it cannot wrap: the fields are untrusted
     * u64 values (a Java long below zero is a u64 of 2^63 or more), so no sum of two of them is ever formed.
     *
     * @param fileLength the header's FILE_LENGTH
     * @return true when offset, capacity and length are all in range
     */
    public boolean inRange(long fileLength) {
        return areaInRange(offset, capacity, fileLength) && length >= 0 && length <= capacity;
    }

    /**
     * Whether a payload area {@code [offset, offset + capacity)} lies inside a file of {@code fileLength}
     * bytes, checked without forming the sum: {@code offset <= fileLength}, then
     * {@code capacity <= fileLength - offset}.
     *
     * @param offset PAYLOAD_OFFSET (untrusted)
     * @param capacity CAPACITY (untrusted)
     * @param fileLength FILE_LENGTH, already checked against {@link HeaderCheck#MAX_FILE_LENGTH} or not
     * @return true when the area is inside the file, after the header, and 64-byte aligned
     */
    public static boolean areaInRange(long offset, long capacity, long fileLength) {
        return fileLength >= HEADER_SIZE && fileLength <= HeaderCheck.MAX_FILE_LENGTH
                && offset >= HEADER_SIZE && offset % PAYLOAD_ALIGNMENT == 0 && offset <= fileLength
                && capacity >= 0 && capacity <= fileLength - offset;
    }

    /**
     * The sentence for an out-of-range descriptor.
     *
     * @param fileLength the header's FILE_LENGTH
     * @return what is wrong, expected against actual
     */
    public String rangeProblem(long fileLength) {
        return "slot " + slot + " is out of range: payload offset " + Long.toUnsignedString(offset) + ", capacity "
                + Long.toUnsignedString(capacity) + ", length " + Integer.toUnsignedString(length)
                + ", expected offset >= " + HEADER_SIZE + " (a multiple of " + PAYLOAD_ALIGNMENT
                + ") and length <= capacity and offset + capacity <= file length " + fileLength;
    }

    /**
     * Computes the seal (docs/FORMAT.md §3.3) of these fields with {@code payload}.
     *
     * @param checksum the caller's checksum state
     * @param payload the copied payload, {@code length} bytes from index 0
     * @return the CRC-32 the descriptor should hold
     */
    public int seal(Checksum checksum, byte[] payload) {
        return checksum.seal(version, offset, capacity, length, published, epoch, tag, payload, 0);
    }

    /**
     * Copies the payload out of the mapping with plain loads.
     *
     * @param b the mapping (must cover offset + length)
     * @return the copy
     */
    public byte[] copyPayload(RegionBuffer b) {
        byte[] bytes = new byte[length];
        b.getBytesPlain(offset, bytes, 0, length);
        return bytes;
    }
}
