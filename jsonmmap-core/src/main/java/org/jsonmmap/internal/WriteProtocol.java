package org.jsonmmap.internal;

import static org.jsonmmap.internal.RegionLayout.CAPACITY_FIELD;
import static org.jsonmmap.internal.RegionLayout.CREATED_OFFSET;
import static org.jsonmmap.internal.RegionLayout.CRC_FIELD;
import static org.jsonmmap.internal.RegionLayout.EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION_OFFSET;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LENGTH_FIELD;
import static org.jsonmmap.internal.RegionLayout.MAGIC;
import static org.jsonmmap.internal.RegionLayout.MAGIC_OFFSET;
import static org.jsonmmap.internal.RegionLayout.MAX_CAPACITY_OFFSET;
import static org.jsonmmap.internal.RegionLayout.MAX_VERSION;
import static org.jsonmmap.internal.RegionLayout.LOCK_EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LOCK_TOKEN_OFFSET;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_OFFSET_FIELD;
import static org.jsonmmap.internal.RegionLayout.PUBLISHED_FIELD;
import static org.jsonmmap.internal.RegionLayout.RESERVED_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.SEQ_FIELD;
import static org.jsonmmap.internal.RegionLayout.SLOT_COUNT;
import static org.jsonmmap.internal.RegionLayout.SLOT_EPOCH_FIELD;
import static org.jsonmmap.internal.RegionLayout.STATUS_OFFSET;
import static org.jsonmmap.internal.RegionLayout.TAG_FIELD;
import static org.jsonmmap.internal.RegionLayout.TOMBSTONE;
import static org.jsonmmap.internal.RegionLayout.VERSION_FIELD;
import static org.jsonmmap.internal.RegionLayout.WRITER_PID_OFFSET;
import static org.jsonmmap.internal.RegionLayout.alignPayload;
import static org.jsonmmap.internal.RegionLayout.claimSeq;
import static org.jsonmmap.internal.RegionLayout.claimerOf;
import static org.jsonmmap.internal.RegionLayout.claimerTag;
import static org.jsonmmap.internal.RegionLayout.isWriting;
import static org.jsonmmap.internal.RegionLayout.latestWord;
import static org.jsonmmap.internal.RegionLayout.ownerOf;
import static org.jsonmmap.internal.RegionLayout.releaseSeq;
import static org.jsonmmap.internal.RegionLayout.slotField;
import static org.jsonmmap.internal.RegionLayout.slotOf;
import static org.jsonmmap.internal.RegionLayout.versionOf;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongPredicate;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.WriterLockedException;

/**
 * The write protocol of docs/FORMAT.md §5 (the transmitter), over a {@link RegionBuffer}: take over,
 * claim a slot, write it, commit, grow, mark deleted. It never touches a file; the writer does the file
 * work (locking, creating, allocating, mapping) and hands this class the buffer.
 *
 * <p>Ownership is a compare-and-set, not a belief: the commit word carries the owner's tag, a takeover
 * replaces it by compare-and-set, and every commit is a compare-and-set from the word this writer last
 * stored. A writer that was fenced (by a takeover or a delete) therefore fails at its commit even if it
 * passed every earlier check. A slot is written only by the one writer whose compare-and-set made its
 * sequence odd; nobody else writes it until that writer made it even again (or is proven dead).
 *
 * <p>Not thread-safe: the writer serializes its calls.
 */
public final class WriteProtocol {
    /** What {@link #claim(RegionBuffer, int)} found. */
    public enum Claim {
        /** The slot is this writer's until {@link #writeSlot} releases it. */
        CLAIMED,
        /** Another writer (one that lost its lock) is writing the slot: wait, or prove it dead. */
        BUSY
    }

    /**
     * Who takes the region over.
     *
     * @param name region name, for messages
     * @param pid this process
     * @param maxCapacity the writer's maximum document size (recorded, informational)
     * @param lockToken the token of the lock file this writer holds (never 0): equal to the header's LOCK_TOKEN
     *        only if the owners since LOCK_EPOCH held this very lock file, so they have all released it
     * @param alive whether a process id is alive (for a previous owner that may still hold a claim)
     * @param nowMicros the time to stamp into STATUS
     */
    public record Owner(String name, long pid, long maxCapacity, long lockToken, LongPredicate alive, long nowMicros) {
    }

    /**
     * The result of a takeover.
     *
     * @param protocol the writer's protocol state, or {@code null} when the file is marked deleted
     * @param latestBytes the payload of the latest version if it validated, else {@code null}
     * @param latestVoided whether the latest version failed validation and its slot was voided
     */
    public record Takeover(WriteProtocol protocol, byte[] latestBytes, boolean latestVoided) {
        /** @return whether the file carries the tombstone (it is never revived: create a fresh file) */
        public boolean deleted() {
            return protocol == null;
        }
    }

    /**
     * Space claimed for a growth: {@code [offset, offset + capacity)}, the file's new end {@code end}.
     *
     * @param slot the slot that grows
     * @param offset start of the new payload area
     * @param capacity its size
     * @param end {@code offset + capacity}
     * @param previousReserved RESERVED_LENGTH before this claim (restored if the growth fails and nobody claimed after)
     */
    public record Growth(int slot, long offset, long capacity, long end, long previousReserved) {
    }

    private static final int TAKEOVER_ATTEMPTS = 1000;

    private final String name;
    private final long epoch;
    private final LongPredicate alive;
    private final long previousOwnerEpoch;
    private final long previousOwnerTag;
    private final long previousOwnerPid;
    private final long firstHolderOfOurLock;
    private final Checksum checksum = new Checksum();
    private final long[] slotOffset = new long[SLOT_COUNT];
    private final long[] slotCapacity = new long[SLOT_COUNT];
    private final long[] busySeq = new long[SLOT_COUNT];

    private long lastWord;
    private long lastVersion;
    private int latestSlot;
    private long lastStatus;
    private long claim;
    private int claimedSlot = -1;
    private int pendingSlot = -1;
    private boolean fenced;

    private WriteProtocol(String name, long epoch, LongPredicate alive, long previousOwnerEpoch, long previousOwnerPid,
                          long firstHolderOfOurLock) {
        this.firstHolderOfOurLock = firstHolderOfOurLock;
        this.name = name;
        this.epoch = epoch;
        this.alive = alive;
        this.previousOwnerEpoch = previousOwnerEpoch;
        this.previousOwnerTag = claimerTag(previousOwnerEpoch);
        this.previousOwnerPid = previousOwnerPid;
    }

    /**
     * Writes the header of a fresh region (FORMAT.md §5.2) into {@code h}, a private buffer of
     * {@link RegionLayout#HEADER_SIZE} bytes that the caller writes to a temporary file.
     *
     * @param h the buffer (zeroed)
     * @param createdMillis creation time
     * @param pid the creating process
     * @param maxCapacity the writer's maximum document size
     * @param capacity each slot's initial capacity (aligned to 64)
     * @return the file length
     */
    public static long formatHeader(ByteBuffer h, long createdMillis, long pid, long maxCapacity, long capacity) {
        long length = HEADER_SIZE + SLOT_COUNT * capacity;
        h.order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(MAGIC_OFFSET, MAGIC);
        h.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION);
        h.putInt(HEADER_SIZE_OFFSET, HEADER_SIZE);
        h.putLong(CREATED_OFFSET, createdMillis);
        h.putLong(EPOCH_OFFSET, 0);
        h.putLong(WRITER_PID_OFFSET, pid);
        h.putLong(MAX_CAPACITY_OFFSET, maxCapacity);
        h.putLong(FILE_LENGTH_OFFSET, length);
        h.putLong(RESERVED_LENGTH_OFFSET, length);
        for (int s = 0; s < SLOT_COUNT; s++) {
            h.putLong(slotField(s, PAYLOAD_OFFSET_FIELD), HEADER_SIZE + s * capacity);
            h.putLong(slotField(s, CAPACITY_FIELD), capacity);
        }
        return length;
    }

    /**
     * Takes the region over (FORMAT.md §5.3): checks everything that can refuse the file before it changes
     * anything, then takes a new epoch and fences every earlier writer with one compare-and-set of the
     * commit word, then reclaims what dead writers left.
     *
     * @param b the region, mapped read-write at least {@code fileLength} long
     * @param fileLength FILE_LENGTH as the header check read it
     * @param owner who takes over
     * @return the protocol state, or a result whose {@link Takeover#deleted()} is true for a tombstone
     * @throws RegionCorruptException if the commit word names a version beyond {@code MAX_VERSION - 1}
     *         (nothing was modified)
     * @throws WriterLockedException if another writer took the region over at the same moment
     */
    public static Takeover takeOver(RegionBuffer b, long fileLength, Owner owner) {
        for (int attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
            // 1. look, change nothing: every refusal happens here
            long w = b.getLongAcquire(LATEST_OFFSET);
            if (w == TOMBSTONE) {
                return new Takeover(null, null, false);
            }
            long v = versionOf(w);
            if (v >= MAX_VERSION) {
                throw new RegionCorruptException("region '" + owner.name() + "': the commit word " + ReadProtocol.hex(w)
                        + " names version " + v + ", beyond the largest version " + (MAX_VERSION - 1)
                        + "; the file was left unchanged");
            }
            int s = slotOf(w);
            long prevEpoch = b.getLongAcquire(EPOCH_OFFSET);
            long prevPid = b.getLongPlain(WRITER_PID_OFFSET);
            long headerToken = b.getLongPlain(LOCK_TOKEN_OFFSET);
            long headerLockEpoch = b.getLongPlain(LOCK_EPOCH_OFFSET);
            byte[] latestBytes = v == 0 ? null : validSlot(b, s, v, fileLength);
            // 2. a new epoch of our own (compare-and-set: two simultaneous takeovers never share one)
            long e = prevEpoch + 1;
            if (!b.compareAndSetLong(EPOCH_OFFSET, prevEpoch, e)) {
                continue;
            }
            // 3. the fence: from here on no earlier writer's commit can succeed, since each expects its own word
            if (!b.compareAndSetLong(LATEST_OFFSET, w, latestWord(v, e, s))) {
                if (b.getLongAcquire(EPOCH_OFFSET) != e) {
                    throw new WriterLockedException("region '" + owner.name() + "' was taken over by another writer"
                            + " (epoch " + b.getLongAcquire(EPOCH_OFFSET) + ") while this one (epoch " + e
                            + ") was taking it over; its lock file must have been replaced: only one of them may"
                            + " write", -1);
                }
                // a fenced writer committed, or a delete marked the file, between our look and our fence: look again
                continue;
            }
            // the same lock file as the owners since LOCK_EPOCH: we hold it now, so every one of them released it
            boolean sameLock = owner.lockToken() != 0 && owner.lockToken() == headerToken;
            long firstHolder = sameLock && headerLockEpoch > 0 && headerLockEpoch <= prevEpoch ? headerLockEpoch : e;
            WriteProtocol p = new WriteProtocol(owner.name(), e, owner.alive(), prevEpoch, prevPid, firstHolder);
            p.lastWord = latestWord(v, e, s);
            p.lastVersion = v;
            p.latestSlot = v == 0 ? -1 : s;
            p.adoptAreas(b, fileLength);
            // 4. reclaim the slots a dead previous owner left odd; leave the others to their (live) writers
            for (int i = 0; i < SLOT_COUNT; i++) {
                long seq = b.getLongAcquire(slotField(i, SEQ_FIELD));
                if (isWriting(seq) && p.abandoned(seq)) {
                    p.voidSlot(b, i, seq);
                }
            }
            // 5. a latest version that does not validate can never pass for a previous one: void its slot
            boolean voided = false;
            if (v != 0 && latestBytes == null) {
                long seq = b.getLongAcquire(slotField(s, SEQ_FIELD));
                if (!isWriting(seq)) {
                    voided = p.voidSlot(b, s, seq);
                }
            }
            b.putLongPlain(WRITER_PID_OFFSET, owner.pid());
            b.putLongPlain(MAX_CAPACITY_OFFSET, owner.maxCapacity());
            if (!sameLock) {
                // a new lock file starts with this epoch: LOCK_EPOCH first, the token after (release), so that a
                // writer killed in between leaves a token no lock file has, which proves nothing
                b.putLongPlain(LOCK_EPOCH_OFFSET, e);
                b.putLongRelease(LOCK_TOKEN_OFFSET, owner.lockToken());
            }
            raiseTo(b, RESERVED_LENGTH_OFFSET, fileLength);
            // a new writer knows nothing yet about any source the last one mirrored
            p.lastStatus = owner.nowMicros() << 8;
            b.putLongRelease(STATUS_OFFSET, p.lastStatus);
            return new Takeover(p, latestBytes, voided);
        }
        throw new WriterLockedException("region '" + owner.name() + "': the commit word kept changing during "
                + TAKEOVER_ATTEMPTS + " takeover attempts; another process keeps writing the file", -1);
    }

    /** The payload of slot {@code s} if it is stable, holds {@code v}, lies in the file and passes its CRC. */
    private static byte[] validSlot(RegionBuffer b, int s, long v, long fileLength) {
        int seqAt = slotField(s, SEQ_FIELD);
        long seq = b.getLongAcquire(seqAt);
        if (isWriting(seq)) {
            return null;
        }
        SlotDescriptor d = SlotDescriptor.loadPlain(b, s);
        if (d.version() != v || !d.inRange(fileLength) || d.offset() + d.length() > b.length()) {
            return null;
        }
        byte[] bytes = d.copyPayload(b);
        VarHandle.loadLoadFence();
        if (b.getLongAcquire(seqAt) != seq) {
            return null;
        }
        return d.seal(new Checksum(), bytes) == d.crc() ? bytes : null;
    }

    private void adoptAreas(RegionBuffer b, long fileLength) {
        for (int i = 0; i < SLOT_COUNT; i++) {
            long off = b.getLongPlain(slotField(i, PAYLOAD_OFFSET_FIELD));
            long cap = b.getLongPlain(slotField(i, CAPACITY_FIELD));
            if (SlotDescriptor.areaInRange(off, cap, fileLength)) {
                slotOffset[i] = off;
                slotCapacity[i] = cap;
            }
            // else: an out-of-range area is never reused; the next publish into this slot grows a fresh one
        }
    }

    /**
     * Whether the odd sequence {@code seq} belongs to a writer that can no longer write: one that held the
     * very lock file we hold now (its epoch is at least the first holder's), or the previous owner whose pid is
     * gone, or no writer at all (a damaged file).
     */
    private boolean abandoned(long seq) {
        long claimer = claimerOf(seq);
        boolean small = previousOwnerEpoch < (1L << RegionLayout.CLAIMER_BITS);
        if (claimer == 0 || (small && claimer > previousOwnerTag)) {
            // no writer ever had this epoch (epoch 0 never writes, and epochs only grow): a damaged file
            return true;
        }
        if (small && claimer >= claimerTag(firstHolderOfOurLock) && claimer < claimerTag(epoch)) {
            return true;
        }
        return claimer == previousOwnerTag && previousOwnerPid > 0 && !alive.test(previousOwnerPid);
    }

    /** Claims slot {@code i} from {@code seq}, sets its VERSION to 0 and releases it: it never passes for a version. */
    private boolean voidSlot(RegionBuffer b, int i, long seq) {
        int seqAt = slotField(i, SEQ_FIELD);
        long c = claimSeq(seq, epoch);
        if (!b.compareAndSetLong(seqAt, seq, c)) {
            return false;
        }
        b.putLongPlain(slotField(i, VERSION_FIELD), 0);
        // release: VERSION = 0 is visible before the sequence turns even
        b.putLongRelease(seqAt, releaseSeq(c));
        return true;
    }

    /** Raises the word at {@code offset} to at least {@code value} (compare-and-set: it never goes down). */
    private static void raiseTo(RegionBuffer b, int offset, long value) {
        long now;
        while ((now = b.getLongAcquire(offset)) < value && !b.compareAndSetLong(offset, now, value)) {
            Thread.onSpinWait();
        }
    }

    /**
     * The early fence (FORMAT.md §5.4 step 1): one acquire load of the commit word, which must still be
     * the word this writer last stored. The commit's compare-and-set is the real fence; this check only
     * spares a fenced writer the work.
     *
     * @param b the region
     * @throws StaleWriterException if another writer took over or the region was deleted
     */
    public void checkOwner(RegionBuffer b) {
        if (fenced) {
            throw stale(b.getLongAcquire(LATEST_OFFSET), "");
        }
        long w = b.getLongAcquire(LATEST_OFFSET);
        if (w != lastWord) {
            fenced = true;
            throw stale(w, "");
        }
    }

    private StaleWriterException stale(long now, String what) {
        String why = now == TOMBSTONE ? "the region was deleted"
                : "another writer took it over (the commit word now names version " + versionOf(now) + " of owner tag "
                + ownerOf(now) + ", this writer's tag is " + (epoch & RegionLayout.OWNER_MASK) + ")";
        return new StaleWriterException("this writer of region '" + name + "' (epoch " + epoch + ") no longer owns it: "
                + why + "; nothing was published" + what);
    }

    /**
     * The slot the next publish writes: the one the commit word does not name.
     *
     * @return 0 or 1
     */
    public int targetSlot() {
        return latestSlot < 0 ? 0 : 1 - latestSlot;
    }

    /**
     * Claims slot {@code t} for writing (FORMAT.md §5.4 step 3): loads its sequence, checks that this writer
     * still owns the region, and makes the sequence odd by compare-and-set from the even value it loaded.
     *
     * @param b the region
     * @param t the target slot
     * @return {@link Claim#CLAIMED}, or {@link Claim#BUSY} while another writer's claim holds the slot
     * @throws StaleWriterException if this writer was fenced
     */
    public Claim claim(RegionBuffer b, int t) {
        int seqAt = slotField(t, SEQ_FIELD);
        while (true) {
            long seq = b.getLongAcquire(seqAt);
            // the sequence first, the commit word after: a newer owner fences (commit word) before it claims
            // (sequence), so a sequence written by a newer owner is always caught by this check
            checkOwner(b);
            if (isWriting(seq)) {
                busySeq[t] = seq;
                return Claim.BUSY;
            }
            long c = claimSeq(seq, epoch);
            if (b.compareAndSetLong(seqAt, seq, c)) {
                claim = c;
                claimedSlot = t;
                return Claim.CLAIMED;
            }
        }
    }

    /**
     * After {@link Claim#BUSY}: whether the claim that holds slot {@code t} belongs to the previous owner
     * and that process is dead; if so the slot is reclaimed (voided) and the next {@link #claim} succeeds.
     *
     * @param b the region
     * @param t the slot
     * @return true if the slot was reclaimed
     */
    public boolean reclaimIfAbandoned(RegionBuffer b, int t) {
        long seq = busySeq[t];
        if (b.getLongAcquire(slotField(t, SEQ_FIELD)) != seq || !abandoned(seq)) {
            return false;
        }
        return voidSlot(b, t, seq);
    }

    /**
     * The exception for a slot that stayed busy.
     *
     * @param t the slot
     * @param waitedMillis how long the writer waited
     * @return the exception to throw
     */
    public WriterLockedException busy(int t, long waitedMillis) {
        long seq = busySeq[t];
        boolean previous = claimerOf(seq) == previousOwnerTag;
        long pid = previous ? previousOwnerPid : -1;
        return new WriterLockedException("region '" + name + "': slot " + t + " is being written by another writer (epoch"
                + " tag " + claimerOf(seq) + (previous ? ", pid " + pid : "") + ") that lost its lock file, and it did not"
                + " finish within " + waitedMillis + " ms; nothing was published. Stop that process (or wait for it);"
                + " if it is dead, deleting the region with force clears it", pid);
    }

    /**
     * Gives a claimed slot back unchanged (a growth failed after the claim).
     *
     * @param b the region
     */
    public void unclaim(RegionBuffer b) {
        if (claimedSlot >= 0) {
            b.putLongRelease(slotField(claimedSlot, SEQ_FIELD), releaseSeq(claim));
            claimedSlot = -1;
        }
    }

    /**
     * Whether slot {@code t}'s area holds {@code n} bytes.
     *
     * @param t the slot
     * @param n the document size
     * @return true when no growth is needed
     */
    public boolean fits(int t, int n) {
        return slotCapacity[t] >= n;
    }

    /**
     * Claims space for a new payload area of slot {@code t} at the end of the file (FORMAT.md §5.4 growth):
     * a compare-and-set of RESERVED_LENGTH, so two writers never allocate over each other's area.
     *
     * @param b the region
     * @param t the slot
     * @param needed the document size
     * @param initialCapacity the writer's initial capacity
     * @param maxCapacity the writer's maximum capacity
     * @return the area to allocate (zeros over {@code [offset, end)}), then to pass to {@link #grown}
     * @throws CapacityExceededException if the file would exceed {@link HeaderCheck#MAX_FILE_LENGTH}
     */
    public Growth reserve(RegionBuffer b, int t, int needed, long initialCapacity, long maxCapacity) {
        long wanted = Math.max(needed + (long) needed / 2, Math.max(2 * slotCapacity[t], initialCapacity));
        long capacity = alignPayload(Math.max(needed, Math.min(wanted, maxCapacity)));
        while (true) {
            long reserved = b.getLongAcquire(RESERVED_LENGTH_OFFSET);
            long base = Math.max(reserved, b.getLongAcquire(FILE_LENGTH_OFFSET));
            if (base < HEADER_SIZE || base > HeaderCheck.MAX_FILE_LENGTH) {
                throw new RegionCorruptException("region '" + name + "': the reserved length " + Long.toUnsignedString(base)
                        + " is outside " + HEADER_SIZE + ".." + HeaderCheck.MAX_FILE_LENGTH);
            }
            long offset = alignPayload(base);
            long end = offset + capacity;
            if (end > HeaderCheck.MAX_FILE_LENGTH) {
                throw new CapacityExceededException("region '" + name + "' would need a file of " + end + " bytes to hold a "
                        + needed + "-byte document, over the " + HeaderCheck.MAX_FILE_LENGTH + "-byte limit of a mapping;"
                        + " version " + lastVersion + " stays");
            }
            if (b.compareAndSetLong(RESERVED_LENGTH_OFFSET, reserved, end)) {
                return new Growth(t, offset, capacity, end, reserved);
            }
        }
    }

    /**
     * The growth failed (no space): give the claimed space back if nobody claimed space after it.
     *
     * @param b the region
     * @param g the growth
     * @return true if it was given back: the caller may then truncate the file to {@code g.offset()} to free
     *         what it allocated (FORMAT.md 5.4 says what that costs a writer that lost its lock and grows at
     *         that very moment)
     */
    public boolean abandon(RegionBuffer b, Growth g) {
        return b.compareAndSetLong(RESERVED_LENGTH_OFFSET, g.end(), g.previousReserved());
    }

    /**
     * The area of {@code g} is allocated and zeroed, and {@code b} maps it: publish the new file length
     * (raised by compare-and-set, so it never goes down; a reader that sees it finds the space allocated)
     * and use the area for the slot.
     *
     * @param b the region, mapped at least {@code g.end()} long
     * @param g the growth
     */
    public void grown(RegionBuffer b, Growth g) {
        raiseTo(b, FILE_LENGTH_OFFSET, g.end());
        slotOffset[g.slot()] = g.offset();
        slotCapacity[g.slot()] = g.capacity();
    }

    /**
     * The version the next publish gets.
     *
     * @return last version + 1
     * @throws CapacityExceededException if every version number was used
     */
    public long nextVersion() {
        if (lastVersion + 1 >= MAX_VERSION) {
            throw new CapacityExceededException("region '" + name + "' has used every version number");
        }
        return lastVersion + 1;
    }

    /**
     * Writes the claimed slot (FORMAT.md §5.4 step 5): descriptor and payload with plain stores, sealed with
     * the CRC, then the sequence turns even with a release store. The slot must have been claimed.
     *
     * @param b the region
     * @param version from {@link #nextVersion()}
     * @param payload the document
     * @param length its size
     * @param publishedMicros the publish time
     * @param tag the application tag
     */
    public void writeSlot(RegionBuffer b, long version, byte[] payload, int length, long publishedMicros, long tag) {
        writeSlot(b, version, payload, 0, length, publishedMicros, tag);
    }

    /**
     * Like {@link #writeSlot(RegionBuffer, long, byte[], int, long, long)} for {@code length} bytes of
     * {@code payload} from {@code from}: the raw path's one copy, the CRC-32 taken over the same bytes first.
     */
    public void writeSlot(RegionBuffer b, long version, byte[] payload, int from, int length, long publishedMicros,
                          long tag) {
        int t = claimedSlot;
        long offset = slotOffset[t];
        long capacity = slotCapacity[t];
        int crc = checksum.seal(version, offset, capacity, length, publishedMicros, epoch, tag, payload, from);
        // the claim's compare-and-set (a full fence) made the odd sequence visible before any byte below
        b.putLongPlain(slotField(t, VERSION_FIELD), version);
        b.putLongPlain(slotField(t, PAYLOAD_OFFSET_FIELD), offset);
        b.putLongPlain(slotField(t, CAPACITY_FIELD), capacity);
        b.putIntPlain(slotField(t, LENGTH_FIELD), length);
        b.putIntPlain(slotField(t, CRC_FIELD), crc);
        b.putLongPlain(slotField(t, PUBLISHED_FIELD), publishedMicros);
        b.putLongPlain(slotField(t, SLOT_EPOCH_FIELD), epoch);
        b.putLongPlain(slotField(t, TAG_FIELD), tag);
        b.putBytesPlain(offset, payload, from, length);
        // release: the descriptor and payload are complete before the sequence turns even
        b.putLongRelease(slotField(t, SEQ_FIELD), releaseSeq(claim));
        claimedSlot = -1;
        pendingSlot = t;
    }

    /**
     * The commit (FORMAT.md §5.4 step 7): one compare-and-set of the commit word from the word this writer
     * last stored to the word naming {@code version} in the slot just written.
     *
     * @param b the region
     * @param version the version written
     * @throws StaleWriterException if the commit word changed: a takeover or a delete fenced this writer
     */
    public void commit(RegionBuffer b, long version) {
        int t = pendingSlot;
        pendingSlot = -1;
        long word = latestWord(version, epoch, t);
        if (!b.compareAndSetLong(LATEST_OFFSET, lastWord, word)) {
            fenced = true;
            throw stale(b.getLongAcquire(LATEST_OFFSET), " (the version written was discarded before any reader"
                    + " could see it)");
        }
        lastWord = word;
        lastVersion = version;
        latestSlot = t;
    }

    /**
     * Stores the status word (FORMAT.md §3.1) by compare-and-set from the value this writer last stored,
     * after checking it still owns the region.
     *
     * @param b the region
     * @param word the new status word
     * @throws StaleWriterException if this writer was fenced
     */
    public void setStatus(RegionBuffer b, long word) {
        while (true) {
            checkOwner(b);
            long now = b.getLongAcquire(STATUS_OFFSET);
            if (b.compareAndSetLong(STATUS_OFFSET, now, word)) {
                lastStatus = word;
                return;
            }
        }
    }

    /**
     * Marks a region deleted (FORMAT.md §5.5): epoch + 1, then the tombstone by compare-and-set until it
     * holds. No commit expects the tombstone, so no in-flight publish can ever overwrite it.
     *
     * @param b the region's header, mapped read-write
     */
    public static void markDeleted(RegionBuffer b) {
        long e;
        do {
            e = b.getLongAcquire(EPOCH_OFFSET);
        } while (!b.compareAndSetLong(EPOCH_OFFSET, e, e + 1));
        long w;
        do {
            w = b.getLongAcquire(LATEST_OFFSET);
        } while (w != TOMBSTONE && !b.compareAndSetLong(LATEST_OFFSET, w, TOMBSTONE));
    }

    /** @return this writer's epoch */
    public long epoch() {
        return epoch;
    }

    /** @return the last version committed (or found at takeover) */
    public long lastVersion() {
        return lastVersion;
    }

    /**
     * @param t a slot
     * @return the payload offset this writer uses for it
     */
    public long slotOffset(int t) {
        return slotOffset[t];
    }

    /** @return whether a takeover or a delete fenced this writer */
    public boolean isFenced() {
        return fenced;
    }
}
