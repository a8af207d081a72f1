package org.jsonmmap.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongPredicate;

import org.jsonmmap.RegionTruncatedException;

/**
 * A region in a direct buffer, for the protocol's unit tests: no file, no process. The reader's view can be
 * shorter than the region, so that the read protocol asks {@link #remap} in the middle of an attempt, after
 * it loaded the descriptor and before it copies; a test puts the writer's interleaved actions there.
 */
final class ProtocolFixture implements ReadProtocol.Mapping {
    static final int CAPACITY = 256;
    static final long LENGTH = 64 * 1024;

    final ByteBuffer memory = ByteBuffer.allocateDirect((int) LENGTH);
    final RegionBuffer full = new RegionBuffer(memory.duplicate());
    private RegionBuffer view = full;
    private Runnable midCopy = () -> { };
    int remaps;

    ProtocolFixture() {
        ByteBuffer h = ByteBuffer.allocate(RegionLayout.HEADER_SIZE);
        long length = WriteProtocol.formatHeader(h, 1, 1, 1 << 20, CAPACITY);
        memory.duplicate().put(h.array());
        // the region's declared length; the rest of the buffer is the space growths allocate into
        full.putLongPlain(RegionLayout.FILE_LENGTH_OFFSET, length);
        full.putLongPlain(RegionLayout.RESERVED_LENGTH_OFFSET, length);
    }

    /** The next read sees only the header, and runs {@code action} when it needs the payload. */
    ProtocolFixture midCopy(Runnable action) {
        view = new RegionBuffer(memory.duplicate().limit(RegionLayout.HEADER_SIZE).slice());
        midCopy = action;
        return this;
    }

    @Override
    public RegionBuffer buffer() {
        return view;
    }

    @Override
    public RegionBuffer remap(long declaredLength) {
        if (declaredLength > LENGTH) {
            throw new RegionTruncatedException("declared " + declaredLength + ", buffer has " + LENGTH);
        }
        remaps++;
        Runnable action = midCopy;
        midCopy = () -> { };
        view = full;
        action.run();
        return full;
    }

    static WriteProtocol.Owner owner(long lockToken, LongPredicate alive) {
        return new WriteProtocol.Owner("t", 4242, 1 << 20, lockToken, alive, 7);
    }

    /**
     * A writer that takes the region over as a normal successor: it holds the lock file the owners before it
     * held (the same token; {@code token} only for the very first one).
     */
    WriteProtocol takeOver(long token) {
        long held = full.getLongPlain(RegionLayout.LOCK_TOKEN_OFFSET);
        return WriteProtocol.takeOver(full, full.getLongAcquire(RegionLayout.FILE_LENGTH_OFFSET),
                owner(held != 0 ? held : token, pid -> true)).protocol();
    }

    /** A writer whose lock file is a new one (the old one was deleted): nobody before it is proven gone. */
    WriteProtocol takeOverWithNewLockFile(long token, LongPredicate alive) {
        return WriteProtocol.takeOver(full, full.getLongAcquire(RegionLayout.FILE_LENGTH_OFFSET),
                owner(token, alive)).protocol();
    }

    /** The first writer (lock token 11) after it published {@code json} as version 1: where most tests start. */
    WriteProtocol writerThatPublished(String json) {
        WriteProtocol w = takeOver(11);
        publish(w, json);
        return w;
    }

    /** A whole publish, as RegionWriter does it (growth inside the buffer). */
    long publish(WriteProtocol w, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        w.checkOwner(full);
        long version = w.nextVersion();
        int t = claimTarget(w);
        if (!w.fits(t, b.length)) {
            w.grown(full, w.reserve(full, t, b.length, CAPACITY, 1 << 20));
        }
        w.writeSlot(full, version, b, b.length, 100 + version, 0);
        w.commit(full, version);
        return version;
    }

    /**
     * Claims {@code w}'s target slot, as a publish does first (a writer killed right after leaves it odd).
     *
     * @return the slot
     * @throws AssertionError if the slot was not {@linkplain WriteProtocol.Claim#CLAIMED claimed}
     */
    int claimTarget(WriteProtocol w) {
        int t = w.targetSlot();
        WriteProtocol.Claim claim = w.claim(full, t);
        if (claim != WriteProtocol.Claim.CLAIMED) {
            throw new AssertionError("claiming slot " + t + " gave " + claim + ", expected CLAIMED");
        }
        return t;
    }

    long latestWord() {
        return full.getLongAcquire(RegionLayout.LATEST_OFFSET);
    }

    /** @return the slot the commit word names */
    int latestSlot() {
        return RegionLayout.slotOf(latestWord());
    }

    /** @return where {@code slot}'s payload starts in the buffer */
    int payloadOffset(int slot) {
        return (int) full.getLongPlain(RegionLayout.slotField(slot, RegionLayout.PAYLOAD_OFFSET_FIELD));
    }

    /** Damages the latest version's payload: its byte {@code index} becomes {@code c} (the CRC no longer fits). */
    void overwriteLatestPayloadByte(int index, char c) {
        memory.put(payloadOffset(latestSlot()) + index, (byte) c);
    }

    long seq(int slot) {
        return full.getLongAcquire(RegionLayout.slotField(slot, RegionLayout.SEQ_FIELD));
    }

    String read(ReadProtocol r) {
        ReadProtocol.Copy c = r.readLatest(this, true);
        return c.bytes() == null ? null : c.version() + ":" + new String(c.bytes(), StandardCharsets.UTF_8);
    }

    byte[] snapshot() {
        byte[] all = new byte[(int) LENGTH];
        memory.duplicate().get(all);
        return all;
    }
}
