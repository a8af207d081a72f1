package org.jsonmmap.internal;

/**
 * Every offset of the region file, in one place. docs/FORMAT.md is the contract; this class is its
 * transcription. All integers are little-endian; every 8-byte field is 8-byte aligned so that it can be
 * loaded and stored atomically.
 *
 * <pre>
 *  0                   8         12        16                  24
 *  +-------------------+---------+---------+-------------------+
 *  | MAGIC "JSONMMAP"  | FORMAT  | HEADER  | CREATED (ms)      |   header, fixed part
 *  +-------------------+---------+---------+-------------------+
 *  24                  32                  40                  48                  56                  64
 *  | EPOCH             | WRITER PID        | MAX CAPACITY      | FILE LENGTH       | LOCK TOKEN        |
 *  +-------------------+-------------------+-------------------+-------------------+-------------------+
 *  64                  72                                                               128
 *  | LATEST = version &lt;&lt; 17 | owner &lt;&lt; 1 | slot (the commit word; version 0 = no value) | reserved |
 *  +-------------------------------------------------------------------------------------------+
 *  128  slot descriptor 0 (64 bytes)          192  slot descriptor 1 (64 bytes)
 *  256  STATUS = since micros &lt;&lt; 8 | flags      264 RESERVED LENGTH (end of the space growths claimed)
 *  272  LOCK EPOCH (first epoch that held the lock file of LOCK TOKEN)     280 .. 320: reserved, zero
 *  320  WAITERS (u32)   328  WAKER EPOCH           336 .. HEADER_SIZE: reserved, zero
 *  HEADER_SIZE ..    : payload areas, located by the descriptors
 *
 *  slot descriptor:
 *  +0 SEQ = count &lt;&lt; 33 | claimer &lt;&lt; 1 | writing   +8  VERSION         +16 PAYLOAD OFFSET
 *  +24 PAYLOAD CAPACITY                         +32 LENGTH (u32)    +36 CRC (u32)
 *  +40 PUBLISHED (epoch micros)                 +48 EPOCH           +56 TAG
 * </pre>
 */
public final class RegionLayout {
    private RegionLayout() {
    }

    public static final int SIZE_OF_INT = 4;
    public static final int SIZE_OF_LONG = 8;

    /** "JSONMMAP" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x50414D4D4E4F534AL;
    /** The format version this code reads and writes. */
    public static final int FORMAT_VERSION = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int FORMAT_VERSION_OFFSET = MAGIC_OFFSET + SIZE_OF_LONG;
    public static final int HEADER_SIZE_OFFSET = FORMAT_VERSION_OFFSET + SIZE_OF_INT;
    public static final int CREATED_OFFSET = HEADER_SIZE_OFFSET + SIZE_OF_INT;
    public static final int EPOCH_OFFSET = CREATED_OFFSET + SIZE_OF_LONG;
    public static final int WRITER_PID_OFFSET = EPOCH_OFFSET + SIZE_OF_LONG;
    public static final int MAX_CAPACITY_OFFSET = WRITER_PID_OFFSET + SIZE_OF_LONG;
    public static final int FILE_LENGTH_OFFSET = MAX_CAPACITY_OFFSET + SIZE_OF_LONG;
    /**
     * The token of the lock file the owner holds (a random number its creator wrote into it, kept by every
     * writer that locks it later; docs/FORMAT.md 5.1, 5.3).
     */
    public static final int LOCK_TOKEN_OFFSET = FILE_LENGTH_OFFSET + SIZE_OF_LONG;

    /** The commit word sits alone on its own 64-byte cache line. */
    public static final int CACHE_LINE = 64;
    public static final int LATEST_OFFSET = CACHE_LINE;

    public static final int SLOT_COUNT = 2;
    public static final int SLOTS_OFFSET = 2 * CACHE_LINE;
    public static final int SLOT_DESCRIPTOR_SIZE = CACHE_LINE;

    public static final int SEQ_FIELD = 0;
    public static final int VERSION_FIELD = SEQ_FIELD + SIZE_OF_LONG;
    public static final int PAYLOAD_OFFSET_FIELD = VERSION_FIELD + SIZE_OF_LONG;
    public static final int CAPACITY_FIELD = PAYLOAD_OFFSET_FIELD + SIZE_OF_LONG;
    public static final int LENGTH_FIELD = CAPACITY_FIELD + SIZE_OF_LONG;
    public static final int CRC_FIELD = LENGTH_FIELD + SIZE_OF_INT;
    public static final int PUBLISHED_FIELD = CRC_FIELD + SIZE_OF_INT;
    public static final int SLOT_EPOCH_FIELD = PUBLISHED_FIELD + SIZE_OF_LONG;
    public static final int TAG_FIELD = SLOT_EPOCH_FIELD + SIZE_OF_LONG;

    /**
     * The writer's status word: {@code (since micros << 8) | flags}, one atomic word so that flags and
     * time never tear (see {@code RegionStatus}).
     */
    public static final int STATUS_OFFSET = SLOTS_OFFSET + SLOT_COUNT * SLOT_DESCRIPTOR_SIZE;
    /**
     * The end of the space that growths have claimed (compare-and-set by writers, docs/FORMAT.md 5.4);
     * {@code FILE_LENGTH <= RESERVED_LENGTH}.
     */
    public static final int RESERVED_LENGTH_OFFSET = STATUS_OFFSET + SIZE_OF_LONG;
    /** The first epoch that held the lock file named by LOCK_TOKEN (docs/FORMAT.md 5.3). */
    public static final int LOCK_EPOCH_OFFSET = RESERVED_LENGTH_OFFSET + SIZE_OF_LONG;

    /**
     * Number of readers asleep (or about to sleep) on the commit word's futex: a u32 that readers change only
     * by atomic add, on a cache line of its own so that it never disturbs readers of the commit word. The
     * writer wakes the futex after a commit only when it is not zero (docs/FORMAT.md, "Waiting").
     */
    public static final int WAITERS_OFFSET = STATUS_OFFSET + CACHE_LINE;
    /**
     * The epoch of the writer that promises to wake waiters after every commit; any other value (0 for a
     * writer that cannot wake) leaves waiters to their timed fallback.
     */
    public static final int WAKER_EPOCH_OFFSET = WAITERS_OFFSET + SIZE_OF_LONG;
    /** The futex word: the low 32 bits of the commit word (little-endian, so at the same offset). */
    public static final int FUTEX_WORD_OFFSET = LATEST_OFFSET;

    /** Size of the header page; payload areas start at or after it. */
    public static final int HEADER_SIZE = 4096;
    /** Payload areas start on multiples of this. */
    public static final int PAYLOAD_ALIGNMENT = 64;

    /** Offset of the descriptor of {@code slot}. */
    public static int slotOffset(int slot) {
        return SLOTS_OFFSET + slot * SLOT_DESCRIPTOR_SIZE;
    }

    /** Offset of {@code field} in the descriptor of {@code slot}. */
    public static int slotField(int slot, int field) {
        return slotOffset(slot) + field;
    }

    /** Bits of the commit word and of {@code SEQ} below the version and the counter. */
    public static final int OWNER_BITS = 16;
    /** Mask of the owner tag: the low 16 bits of the owner's epoch. */
    public static final long OWNER_MASK = (1L << OWNER_BITS) - 1;
    /** The commit word's version starts at this bit. */
    public static final int VERSION_SHIFT = OWNER_BITS + 1;

    /**
     * Largest version a commit word can carry (all ones: the tombstone's version, never published); a
     * writer publishes versions {@code 1 .. MAX_VERSION - 1}.
     */
    public static final long MAX_VERSION = -1L >>> VERSION_SHIFT;

    /**
     * Commit word of a region that was deleted: readers that see it fail with "deleted" instead of
     * serving the last version of a file nobody will ever write again. No commit compare-and-set expects
     * it, so nothing ever overwrites it.
     */
    public static final long TOMBSTONE = -1L;

    /**
     * The commit word naming {@code version} in {@code slot}, owned by the writer with {@code epoch}.
     *
     * @param version 0 (no value yet) .. MAX_VERSION - 1
     * @param epoch the owner's epoch; only its low {@link #OWNER_BITS} bits are kept
     * @param slot 0 or 1
     * @return the word
     */
    public static long latestWord(long version, long epoch, int slot) {
        return (version << VERSION_SHIFT) | ((epoch & OWNER_MASK) << 1) | slot;
    }

    /** Version named by a commit word (0: no value yet). */
    public static long versionOf(long latestWord) {
        return latestWord >>> VERSION_SHIFT;
    }

    /** Slot named by a commit word. */
    public static int slotOf(long latestWord) {
        return (int) (latestWord & 1);
    }

    /** Owner tag of a commit word: the low 16 bits of the epoch of the writer that stored it. */
    public static long ownerOf(long latestWord) {
        return (latestWord >>> 1) & OWNER_MASK;
    }

    /** Bits of {@code SEQ} that hold the claimer's tag (the low 32 bits of its epoch). */
    public static final int CLAIMER_BITS = 32;
    private static final long CLAIMER_MASK = (1L << CLAIMER_BITS) - 1;
    private static final int COUNT_SHIFT = CLAIMER_BITS + 1;

    /** Whether a slot sequence says the slot is being written (odd). */
    public static boolean isWriting(long seq) {
        return (seq & 1) != 0;
    }

    /** The claimer tag of a slot sequence: the low 32 bits of the epoch of the writer that last claimed it. */
    public static long claimerOf(long seq) {
        return (seq >>> 1) & CLAIMER_MASK;
    }

    /** The claimer tag of the writer with {@code epoch}. */
    public static long claimerTag(long epoch) {
        return epoch & CLAIMER_MASK;
    }

    /**
     * The odd sequence with which the writer with {@code epoch} claims a slot whose sequence is {@code seq}:
     * the count moves on (so the value never comes back), the claimer is the writer, the low bit is set.
     */
    public static long claimSeq(long seq, long epoch) {
        return (((seq >>> COUNT_SHIFT) + 1) << COUNT_SHIFT) | (claimerTag(epoch) << 1) | 1;
    }

    /** The even sequence that ends the write begun with {@code claim}. */
    public static long releaseSeq(long claim) {
        return claim & ~1L;
    }

    /** Rounds up to the payload alignment. */
    public static long alignPayload(long n) {
        return (n + PAYLOAD_ALIGNMENT - 1) & -PAYLOAD_ALIGNMENT;
    }

    /** Name of the file that holds a region called {@code name}. */
    public static final String REGION_SUFFIX = ".jmm";
    /** Suffix appended to the region file's name for its writer lock file. */
    public static final String LOCK_SUFFIX = ".lock";
}
