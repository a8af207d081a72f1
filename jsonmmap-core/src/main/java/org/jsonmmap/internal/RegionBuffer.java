package org.jsonmmap.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian accessors over the bytes of a region: a mapping of the file in production, a heap or
 * direct buffer in the protocol's unit tests (like Agrona's {@code AtomicBuffer}). The memory ordering of
 * every access is in its name: {@code getLongAcquire} pairs with {@code putLongRelease};
 * {@code compareAndSetLong} is a full (volatile) read-modify-write; {@code Plain} accesses are ordered only
 * by the fences and release/acquire accesses around them. The underlying buffer is never handed out.
 */
public final class RegionBuffer {
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer buffer;
    private final long length;

    /**
     * Wraps {@code buffer} (its byte order is set to little-endian).
     *
     * @param buffer a mapping, or a direct buffer in tests (atomic access modes need 8-byte alignment)
     */
    public RegionBuffer(ByteBuffer buffer) {
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
        this.length = buffer.capacity();
    }

    /** Number of bytes mapped. */
    public long length() {
        return length;
    }

    public long getLongAcquire(int offset) {
        return (long) LONG.getAcquire(buffer, offset);
    }

    /**
     * Atomically sets the long at {@code offset} to {@code update} if it is {@code expected} (volatile
     * semantics: a full fence on both sides).
     *
     * @return whether it was set
     */
    public boolean compareAndSetLong(int offset, long expected, long update) {
        return LONG.compareAndSet(buffer, offset, expected, update);
    }

    public long getLongVolatile(int offset) {
        return (long) LONG.getVolatile(buffer, offset);
    }

    public long getLongPlain(int offset) {
        return (long) LONG.get(buffer, offset);
    }

    public int getIntVolatile(int offset) {
        return (int) INT.getVolatile(buffer, offset);
    }

    /** Atomic add with volatile (full-fence) semantics; the buffer must be writable. */
    public int getAndAddIntVolatile(int offset, int delta) {
        return (int) INT.getAndAdd(buffer, offset, delta);
    }

    public int getIntPlain(int offset) {
        return (int) INT.get(buffer, offset);
    }

    public void putLongRelease(int offset, long value) {
        LONG.setRelease(buffer, offset, value);
    }

    public void putLongVolatile(int offset, long value) {
        LONG.setVolatile(buffer, offset, value);
    }

    public void putLongPlain(int offset, long value) {
        LONG.set(buffer, offset, value);
    }

    public void putIntPlain(int offset, int value) {
        INT.set(buffer, offset, value);
    }

    /** Copies {@code count} bytes at {@code offset} into {@code dst} with plain loads. */
    public void getBytesPlain(long offset, byte[] dst, int dstOffset, int count) {
        buffer.get((int) offset, dst, dstOffset, count);
    }

    /** Copies {@code count} bytes of {@code src} to {@code offset} with plain stores. */
    public void putBytesPlain(long offset, byte[] src, int srcOffset, int count) {
        buffer.put((int) offset, src, srcOffset, count);
    }
}
