package org.jsonmmap.internal;

import java.io.OutputStream;
import java.util.Arrays;

/** A reusable, growable byte sink for serialization (no synchronization, no copy on read). */
public final class GrowableBytes extends OutputStream {
    private byte[] buf;
    private int size;

    public GrowableBytes(int initial) {
        buf = new byte[Math.max(64, initial)];
    }

    @Override
    public void write(int b) {
        ensure(size + 1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(size + len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Appends the remaining bytes of {@code b}, moving its position to its limit. */
    public void write(java.nio.ByteBuffer b) {
        int len = b.remaining();
        ensure(size + len);
        b.get(buf, size, len);
        size += len;
    }

    private void ensure(int needed) {
        if (needed < 0) {
            throw new OutOfMemoryError("document larger than 2 GiB");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, Math.min(Integer.MAX_VALUE - 16, buf.length * 2)));
        }
    }

    public void reset() {
        size = 0;
    }

    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }
}
