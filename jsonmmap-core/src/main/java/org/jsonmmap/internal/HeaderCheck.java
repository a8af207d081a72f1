package org.jsonmmap.internal;

import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION;
import static org.jsonmmap.internal.RegionLayout.FORMAT_VERSION_OFFSET;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE_OFFSET;
import static org.jsonmmap.internal.RegionLayout.MAGIC;
import static org.jsonmmap.internal.RegionLayout.MAGIC_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import org.jsonmmap.NotARegionException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.RegionTruncatedException;
import org.jsonmmap.UnsupportedFormatException;

/** Validation of the fixed header fields, shared by the reader, the writer's takeover and verify. */
public final class HeaderCheck {
    private HeaderCheck() {
    }

    /** Largest file a Java mapping can cover with int offsets. */
    public static final long MAX_FILE_LENGTH = Integer.MAX_VALUE;

    /**
     * Reads the fixed header with ordinary file reads (no mapping yet) and checks it.
     *
     * @param channel the open region file
     * @param name region name for messages
     * @return the file length the header declares
     * @throws IOException on read failure
     */
    public static long check(FileChannel channel, String name) throws IOException {
        // the header first, the size after: the file only grows, and a writer extends it before it publishes
        // the new FILE_LENGTH, so a size taken after reading FILE_LENGTH is smaller only if it was truncated
        ByteBuffer head = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        int got = 0;
        while (head.hasRemaining()) {
            int n = channel.read(head, got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        if (got < 8) {
            throw new RegionTruncatedException("region '" + name + "' is truncated: the file has " + got
                    + " bytes, a region has at least " + HEADER_SIZE + " (a header)");
        }
        long magic = head.getLong(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new NotARegionException("'" + name + "' is not a jsonmmap region: its first 8 bytes are "
                    + hex(magic) + ", expected the magic " + hex(MAGIC) + " (\"JSONMMAP\")");
        }
        if (got < 64) {
            throw new RegionTruncatedException("region '" + name + "' is truncated: the file has " + got
                    + " bytes, a region has at least " + HEADER_SIZE + " (a header)");
        }
        int format = head.getInt(FORMAT_VERSION_OFFSET);
        if (format != FORMAT_VERSION) {
            throw new UnsupportedFormatException("region '" + name + "' has format version " + Integer.toUnsignedString(format)
                    + ", this jsonmmap reads format version " + FORMAT_VERSION + (format == 1 ? "; format 1 (before the"
                    + " writer ownership fence) is neither read nor written: stop its writer, delete the region (jsonmmap rm)"
                    + " and publish again" : ""));
        }
        int headerSize = head.getInt(HEADER_SIZE_OFFSET);
        if (headerSize != HEADER_SIZE) {
            throw new RegionCorruptException("region '" + name + "' has a header size field of "
                    + Integer.toUnsignedString(headerSize) + ", expected " + HEADER_SIZE);
        }
        long declared = head.getLong(FILE_LENGTH_OFFSET);
        if (declared < HEADER_SIZE || declared > MAX_FILE_LENGTH) {
            throw new RegionCorruptException("region '" + name + "' declares a file length of " + declared
                    + " bytes, expected " + HEADER_SIZE + ".." + MAX_FILE_LENGTH);
        }
        long size = channel.size();
        if (size < declared) {
            throw truncated(name, declared, size);
        }
        return declared;
    }

    /**
     * Reads one little-endian long of the file with an ordinary read (before anything is mapped).
     *
     * @param channel the open file
     * @param offset where
     * @return the value
     * @throws IOException on read failure
     */
    public static long readLong(FileChannel channel, long offset) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(b, offset);
        return b.getLong(0);
    }

    /**
     * The exception for a file shorter than its header says.
     *
     * @param name region name
     * @param declared length the header declares
     * @param actual length of the file
     * @return the exception to throw
     */
    public static RegionTruncatedException truncated(String name, long declared, long actual) {
        return new RegionTruncatedException("region '" + name + "' is truncated: header says " + declared
                + " bytes, file has " + actual);
    }

    /**
     * Formats a long as 16 hex digits.
     *
     * @param v the value
     * @return e.g. {@code 0x50414d4d4e4f534a}
     */
    public static String hex(long v) {
        return String.format("0x%016x", v);
    }
}
