package org.jsonmmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jsonmmap.FileMode;
import org.jsonmmap.RegionIOException;
import org.jsonmmap.WriterLockedException;

/**
 * The writer's exclusive OS lock on the lock file beside a region.
 *
 * <p>Linux drops every fcntl lock a process holds on a file when the process closes <em>any</em>
 * descriptor of that file. So nothing in a process that holds the lock may open the lock file again:
 * readers never open it, and a JVM-wide registry refuses a second writer (or a liveness probe) in the
 * same process before it could open the file.
 */
public final class WriterLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 5;

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** The registry key: the real path of the directory (links resolved) plus the file name. */
    private static Path key(Path lockPath) {
        Path abs = lockPath.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
        } catch (java.io.IOException e) {
            return abs;
        }
    }

    /**
     * Takes the lock or fails at once naming the holder.
     *
     * @param lockPath the lock file (created with {@code mode} if missing)
     * @param mode mode of a created lock file
     * @param regionName for messages
     * @return the held lock
     */
    public static WriterLock acquire(Path lockPath, FileMode mode, String regionName) {
        Path key = key(lockPath);
        long self = ProcessHandle.current().pid();
        if (!HELD_IN_THIS_JVM.add(key)) {
            throw new WriterLockedException("region '" + regionName + "' already has a writer in this process (pid "
                    + self + "); close it first, only one writer may hold a region", self);
        }
        FileChannel channel = null;
        try {
            PathSafety.refuseNonRegular(lockPath, regionName);
            channel = FileModes.openCreating(lockPath, mode,
                    StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            FileLock lock = null;
            for (int i = 0; i < ATTEMPTS && lock == null; i++) {
                if (i > 0) {
                    // a liveness probe (another process's `stat`) holds a shared lock for microseconds
                    Thread.sleep(10);
                }
                lock = channel.tryLock();
            }
            if (lock == null) {
                long holder = readPid(channel);
                channel.close();
                throw new WriterLockedException("region '" + regionName + "' already has a writer: pid "
                        + (holder > 0 ? holder : "unknown") + " holds " + lockPath, holder);
            }
            byte[] pid = (self + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new WriterLock(key, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key);
            throw new RegionIOException("cannot lock region '" + regionName + "' for writing: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key);
            throw new RegionIOException("interrupted while locking region '" + regionName + "'", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is what the caller needs
            }
        }
    }

    private static long readPid(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Pid recorded in a lock file, or -1.
     *
     * @param lockPath the lock file
     * @return the pid written by the last writer that took the lock
     */
    public static long recordedPid(Path lockPath) {
        if (HELD_IN_THIS_JVM.contains(key(lockPath))) {
            return ProcessHandle.current().pid();
        }
        if (!Files.isRegularFile(lockPath, LinkOption.NOFOLLOW_LINKS)) {
            return -1;
        }
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return readPid(ch);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Whether some writer holds the lock now. In this process it asks the registry (never opening the
     * file, see the class comment); elsewhere it probes with a shared lock for an instant.
     *
     * @param lockPath the lock file
     * @return true if a writer holds the region
     * @throws org.jsonmmap.UnsafePathException if the lock path is a link, a FIFO or another non-regular file
     */
    public static boolean isHeld(Path lockPath) {
        if (HELD_IN_THIS_JVM.contains(key(lockPath))) {
            return true;
        }
        // a FIFO (or any non-regular file) would block the open below: refuse it instead
        PathSafety.refuseNonRegular(lockPath, lockPath.getFileName().toString());
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // cannot open the lock file (permissions): fall back to the pid the writer recorded
            long pid = recordedPid(lockPath);
            return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** Releases the lock (idempotent). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }
}
