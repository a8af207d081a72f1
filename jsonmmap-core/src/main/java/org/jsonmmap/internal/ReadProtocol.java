package org.jsonmmap.internal;

import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.SEQ_FIELD;
import static org.jsonmmap.internal.RegionLayout.TOMBSTONE;
import static org.jsonmmap.internal.RegionLayout.isWriting;
import static org.jsonmmap.internal.RegionLayout.slotField;
import static org.jsonmmap.internal.RegionLayout.slotOf;
import static org.jsonmmap.internal.RegionLayout.versionOf;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.ChecksumMismatchException;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.RegionReplacedException;

/**
 * The read protocol of docs/FORMAT.md §6.2 (the receiver), over a {@link RegionBuffer}: copy the slot the
 * commit word names, then validate the copy (sequence unchanged, descriptor in range, CRC-32). It retries
 * only when the writer moved on, and blames the file only when the commit word still names the same
 * version. It never touches a file: when a descriptor points beyond the buffer it asks its
 * {@link Mapping} for a longer one.
 *
 * <p>Not thread-safe (one checksum state): the reader serializes its calls.
 */
public final class ReadProtocol {
    /** Attempts before "no stable read" (FORMAT.md §6.2). */
    public static final int MAX_ATTEMPTS = 1_000_000;

    /** Where the protocol finds the region's bytes. */
    public interface Mapping {
        /**
         * The current view.
         *
         * @return the buffer
         */
        RegionBuffer buffer();

        /**
         * A view at least {@code declaredLength} long (the reader maps the file again after a growth).
         *
         * @param declaredLength the FILE_LENGTH just loaded
         * @return the new view
         * @throws org.jsonmmap.RegionTruncatedException if the file is shorter than that
         */
        RegionBuffer remap(long declaredLength);
    }

    /**
     * One version as copied and validated.
     *
     * @param word the commit word read
     * @param version its version (0: nothing published yet)
     * @param bytes the copied payload ({@code null} when nothing was published or the payload was not copied)
     * @param length LENGTH
     * @param capacity CAPACITY
     * @param epoch SLOT_EPOCH
     * @param publishedMicros PUBLISHED
     * @param tag TAG
     */
    public record Copy(long word, long version, byte[] bytes, int length, long capacity, long epoch,
                       long publishedMicros, long tag) {
    }

    private final String name;
    private final long maxDocumentBytes;
    private final Checksum checksum = new Checksum();

    /**
     * @param name region name, for messages
     * @param maxDocumentBytes the reader's own limit on LENGTH
     */
    public ReadProtocol(String name, long maxDocumentBytes) {
        this.name = name;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /**
     * Reads the latest version (FORMAT.md §6.2).
     *
     * @param m the mapping
     * @param copyPayload false to validate the descriptor only (no copy, no CRC: for {@code info})
     * @return the copy; version 0 and no bytes when nothing was published yet
     * @throws RegionReplacedException if the commit word is the tombstone
     * @throws RegionCorruptException (or a subclass) if the latest version fails validation
     * @throws CapacityExceededException if it is larger than the reader's limit
     */
    public Copy readLatest(Mapping m, boolean copyPayload) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            RegionBuffer b = m.buffer();
            long word = b.getLongAcquire(LATEST_OFFSET);
            if (word == TOMBSTONE) {
                throw deleted();
            }
            long version = versionOf(word);
            if (version == 0) {
                return new Copy(word, 0, null, 0, 0, 0, 0, 0);
            }
            int slot = slotOf(word);
            int seqAt = slotField(slot, SEQ_FIELD);
            long seq = b.getLongAcquire(seqAt);
            if (isWriting(seq)) {
                if (b.getLongAcquire(LATEST_OFFSET) == word) {
                    throw new RegionCorruptException("region '" + name + "': slot " + slot + ", named by the commit word"
                            + " for version " + version + ", is marked as being written (sequence " + Long.toUnsignedString(seq)
                            + " is odd); a committed slot is never written");
                }
                continue;
            }
            SlotDescriptor d = SlotDescriptor.loadPlain(b, slot);
            long declared = b.getLongAcquire(FILE_LENGTH_OFFSET);
            String problem = null;
            boolean tooLarge = false;
            byte[] bytes = null;
            if (d.version() != version) {
                problem = "slot " + slot + " holds version " + Long.toUnsignedString(d.version())
                        + " but the commit word names version " + version;
            } else if (!d.inRange(declared)) {
                problem = d.rangeProblem(declared);
            } else if (d.length() > maxDocumentBytes) {
                tooLarge = true;
            } else if (copyPayload) {
                // inRange: offset + length <= declared <= 2^31 - 1, so the sum cannot wrap
                if (d.offset() + d.length() > b.length()) {
                    b = m.remap(declared);
                }
                bytes = d.copyPayload(b);
            }
            // the loads of the descriptor and the copy complete before the sequence is loaded again
            VarHandle.loadLoadFence();
            if (b.getLongAcquire(seqAt) != seq) {
                continue;
            }
            if (problem != null || tooLarge) {
                if (b.getLongAcquire(LATEST_OFFSET) != word) {
                    continue;
                }
                if (tooLarge) {
                    throw new CapacityExceededException("region '" + name + "' version " + version + " is "
                            + d.length() + " bytes, over this reader's limit of " + maxDocumentBytes + " bytes");
                }
                throw new RegionCorruptException("region '" + name + "': " + problem);
            }
            if (copyPayload) {
                int actual = d.seal(checksum, bytes);
                if (actual != d.crc()) {
                    throw new ChecksumMismatchException("region '" + name + "' version " + version
                            + " fails its checksum: stored CRC-32 " + hex32(d.crc()) + ", computed " + hex32(actual)
                            + " over " + d.length() + " bytes at offset " + d.offset());
                }
            }
            return new Copy(word, version, bytes, d.length(), d.capacity(), d.epoch(), d.published(), d.tag());
        }
        throw new JsonMmapException("region '" + name + "': no stable read after " + MAX_ATTEMPTS
                + " attempts; something other than one writer is changing the file");
    }

    /**
     * For verify: checks the slot the commit word does not name. A stable slot that holds a version must
     * still pass its checksum (it is the previous version, or a write a fenced writer never committed); an
     * odd sequence is a write in progress or one a dead writer never finished, which is not a problem.
     *
     * @param m the mapping
     * @return the problems, one sentence each
     */
    public List<String> checkIdleSlot(Mapping m) {
        List<String> problems = new ArrayList<>();
        RegionBuffer b = m.buffer();
        long word = b.getLongAcquire(LATEST_OFFSET);
        if (word == TOMBSTONE || versionOf(word) == 0) {
            return problems;
        }
        int slot = 1 - slotOf(word);
        int seqAt = slotField(slot, SEQ_FIELD);
        long seq = b.getLongAcquire(seqAt);
        SlotDescriptor d = SlotDescriptor.loadPlain(b, slot);
        if (isWriting(seq) || d.version() == 0) {
            return problems;
        }
        long declared = b.getLongAcquire(FILE_LENGTH_OFFSET);
        String which = "region '" + name + "': slot " + slot + " (version " + Long.toUnsignedString(d.version())
                + ", not the latest)";
        if (!d.inRange(declared)) {
            if (b.getLongAcquire(seqAt) == seq) {
                problems.add(which + ": " + d.rangeProblem(declared));
            }
            return problems;
        }
        if (d.offset() + d.length() > b.length()) {
            b = m.remap(declared);
        }
        int actual = d.seal(checksum, d.copyPayload(b));
        // the copy completes before the sequence is loaded again: only a stable slot is blamed
        VarHandle.loadLoadFence();
        if (b.getLongAcquire(seqAt) == seq && actual != d.crc()) {
            problems.add(which + " fails its checksum: stored " + hex32(d.crc()) + ", computed " + hex32(actual));
        }
        return problems;
    }

    /**
     * @return the exception for a tombstone in the commit word
     */
    public RegionReplacedException deleted() {
        return new RegionReplacedException("region '" + name + "' was deleted (its file is marked deleted)");
    }

    static String hex32(int v) {
        return String.format("0x%08x", v);
    }

    static String hex(long v) {
        return String.format("0x%016x", v);
    }
}
