package org.jsonmmap.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jsonmmap.FileMode;
import org.jsonmmap.RegionIOException;
import org.jsonmmap.WriterLockedException;

/**
 * The writer's exclusive OS lock on the lock file beside a region (docs/FORMAT.md §5.1).
 *
 * <p>Linux drops every fcntl lock a process holds on a file when the process closes <em>any</em>
 * descriptor of that file, whatever path opened it. So nothing in a process that holds the lock may open
 * the lock file again: readers never open it, a JVM-wide registry keyed by the lock file's device and inode
 * (not its path: a bind mount, a symbolic link to the directory or a hard link reach the same file) refuses
 * a second writer before it opens the file, and the liveness probe reads {@code /proc/locks} instead of
 * opening the file.
 *
 * <p>After locking, the writer checks that the file it locked is still the file at the lock path (same
 * device and inode; on Linux through {@code /proc/self/fd}): a lock on a file that was deleted or replaced
 * meanwhile excludes nobody, so it retries. The lock file is always created with mode 0600, whatever the
 * region's mode, so that no other user can open it, let alone hold a lock on it.
 *
 * <p>Java 17 offers only process-associated locks ({@code F_SETLK}); open-file-description locks
 * ({@code F_OFD_SETLK}) would need the FFM API (final in Java 22). The Python writer uses them.
 */
public final class WriterLock implements AutoCloseable {
    private static final Set<Object> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 5;
    private static final int IDENTITY_ATTEMPTS = 20;
    private static final Path PROC_LOCKS = Paths.get("/proc/locks");
    private static final Path PROC_SELF_FD = Paths.get("/proc/self/fd");
    private static final String DELETED = " (deleted)";
    /** The mode of every lock file: only its owner can open it. */
    public static final FileMode LOCK_FILE_MODE = FileMode.OWNER_ONLY;

    private static final SecureRandom TOKENS = new SecureRandom();

    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;
    private final long token;
    private boolean closed;

    private WriterLock(Object key, FileChannel channel, FileLock lock, long token) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.token = token;
    }

    /**
     * Takes the writer lock or fails at once naming the holder; writes "PID TOKEN" into the lock file: this
     * process's pid, and the file's token (kept if the file has one, else a new random one).
     *
     * @param lockPath the lock file (created with mode 0600 if missing)
     * @param regionName for messages
     * @return the held lock
     * @throws WriterLockedException if another writer (in any process) holds it
     */
    public static WriterLock acquire(Path lockPath, String regionName) {
        return lock(lockPath, regionName, true);
    }

    /**
     * Takes the writer lock for a delete: like {@link #acquire} but it writes nothing into the lock file.
     *
     * @param lockPath the lock file
     * @param regionName for messages
     * @return the held lock
     * @throws WriterLockedException if a writer holds it
     */
    public static WriterLock acquireForDelete(Path lockPath, String regionName) {
        return lock(lockPath, regionName, false);
    }

    private static WriterLock lock(Path lockPath, String regionName, boolean record) {
        long self = ProcessHandle.current().pid();
        for (int round = 0; round < IDENTITY_ATTEMPTS; round++) {
            PathSafety.refuseNonRegular(lockPath, regionName);
            Object before = fileKey(lockPath);
            if (before != null && HELD_IN_THIS_JVM.contains(before)) {
                throw inThisProcess(regionName, self);
            }
            Map<String, String> fdsBefore = openDescriptors();
            FileChannel channel = null;
            boolean registered = false;
            Object key = null;
            try {
                channel = FileModes.openCreating(lockPath, LOCK_FILE_MODE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
                FileLock lock = null;
                for (int i = 0; i < ATTEMPTS && lock == null; i++) {
                    if (i > 0) {
                        // a liveness probe without /proc/locks holds a shared lock for microseconds
                        Thread.sleep(10);
                    }
                    lock = channel.tryLock();
                }
                if (lock == null) {
                    long holder = holder(lockPath).orElse(-1);
                    if (holder <= 0) {
                        holder = readPid(channel);
                    }
                    closeQuietly(channel);
                    throw new WriterLockedException("region '" + regionName + "' already has a writer: pid "
                            + (holder > 0 ? holder : "unknown") + " holds " + lockPath, holder);
                }
                Object after = fileKey(lockPath);
                Boolean atPath = lockedFileIsAtPath(fdsBefore, lockPath, after);
                boolean same = after != null && (atPath != null ? atPath : before == null || before.equals(after));
                if (!same) {
                    // the file we locked was deleted or replaced meanwhile (a delete, a cleaner): its lock excludes
                    // nobody; lock the file that is at the path now
                    closeQuietly(channel);
                    continue;
                }
                key = after;
                if (!HELD_IN_THIS_JVM.add(key)) {
                    // reached through another path while this process holds it: closing our descriptor would drop
                    // that lock too, so keep the channel open (it is released with the holder's)
                    throw inThisProcess(regionName, self);
                }
                registered = true;
                long token = readToken(channel);
                if (record) {
                    if (token == 0) {
                        token = TOKENS.nextLong() | 1;
                    }
                    write(channel, self + " " + Long.toHexString(token) + "\n");
                }
                return new WriterLock(key, channel, lock, token);
            } catch (OverlappingFileLockException e) {
                // this JVM holds a lock on the same file through another path: never close our descriptor
                throw inThisProcess(regionName, self);
            } catch (NoSuchFileException e) {
                // the lock file was deleted between its creation and our open: start again
                closeQuietly(channel);
                if (registered) {
                    HELD_IN_THIS_JVM.remove(key);
                }
            } catch (IOException e) {
                closeQuietly(channel);
                if (registered) {
                    HELD_IN_THIS_JVM.remove(key);
                }
                throw new RegionIOException("cannot lock region '" + regionName + "' for writing: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(channel);
                throw new RegionIOException("interrupted while locking region '" + regionName + "'", e);
            }
        }
        throw new RegionIOException("cannot lock region '" + regionName + "': its lock file " + lockPath + " was deleted"
                + " or replaced " + IDENTITY_ATTEMPTS + " times while this writer was locking it; something keeps"
                + " removing it");
    }

    private static WriterLockedException inThisProcess(String regionName, long self) {
        return new WriterLockedException("region '" + regionName + "' already has a writer in this process (pid "
                + self + "); close it first, only one writer may hold a region", self);
    }

    /** The device and inode of the file at {@code path} (never following a link), or null if none. */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** This process's descriptors and what they link to, from /proc/self/fd (null where there is none). */
    private static Map<String, String> openDescriptors() {
        Map<String, String> fds = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_SELF_FD)) {
            for (Path p : dir) {
                try {
                    fds.put(p.getFileName().toString(), Files.readSymbolicLink(p).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return fds;
    }

    /**
     * Whether the file this process just locked is the file at {@code path}, judged without opening anything:
     * false if one more of this process's descriptors names the path as deleted than before the open (the
     * kernel shows an unlinked file as "PATH (deleted)"), or if a descriptor naming the path is another file
     * than the one there now ({@code after}); null where /proc/self/fd is missing. Descriptor numbers are
     * reused, so the descriptors are counted, not told apart by number.
     */
    private static Boolean lockedFileIsAtPath(Map<String, String> before, Path path, Object after) throws IOException {
        if (before == null) {
            return null;
        }
        String target = canonical(path);
        Map<String, String> now = openDescriptors();
        if (now == null || target == null) {
            return null;
        }
        if (count(now, target + DELETED) > count(before, target + DELETED)) {
            return false;
        }
        boolean seen = false;
        for (Map.Entry<String, String> fd : now.entrySet()) {
            if (fd.getValue().equals(target)) {
                seen = true;
                Object key = Files.readAttributes(PROC_SELF_FD.resolve(fd.getKey()), BasicFileAttributes.class).fileKey();
                if (!key.equals(after)) {
                    return false;
                }
            }
        }
        return seen ? Boolean.TRUE : null;
    }

    private static long count(Map<String, String> fds, String target) {
        return fds.values().stream().filter(target::equals).count();
    }

    /** The path as the kernel shows it for an open descriptor: its directory's links resolved. */
    private static String canonical(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            return parent == null ? abs.toString() : parent.toRealPath().resolve(abs.getFileName()).toString();
        } catch (IOException e) {
            return null;
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

    private static String content(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    }

    /** The pid (first field) of a lock file's content "PID [TOKEN]", or -1. */
    private static long readPid(FileChannel channel) throws IOException {
        String[] fields = content(channel).split("\\s+");
        try {
            return Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The owner token (second field, hex) of a lock file's content, or 0. */
    private static long readToken(FileChannel channel) throws IOException {
        String[] fields = content(channel).split("\\s+");
        try {
            return fields.length > 1 ? Long.parseUnsignedLong(fields[1], 16) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void write(FileChannel channel, String text) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
    }

    /**
     * The lock file's token: a random number written by the writer that created the lock file and kept by
     * every writer that locked it since, so it names this file and no other (docs/FORMAT.md §5.1, §5.3).
     *
     * @return the token (0 for a lock taken by a delete, which writes nothing)
     */
    public long token() {
        return token;
    }

    /**
     * Pid recorded in a lock file, or -1.
     *
     * @param lockPath the lock file
     * @return the pid written by the last writer that took the lock
     */
    public static long recordedPid(Path lockPath) {
        Object key = fileKey(lockPath);
        if (key == null) {
            return -1;
        }
        if (HELD_IN_THIS_JVM.contains(key)) {
            return ProcessHandle.current().pid();
        }
        OptionalLong holder = holder(lockPath);
        if (holder.isPresent() && holder.getAsLong() > 0) {
            return holder.getAsLong();
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
     * Whether some writer holds the lock now.
     *
     * @param lockPath the lock file
     * @return true if a writer holds the region
     * @throws org.jsonmmap.UnsafePathException if the lock path is a link, a FIFO or another non-regular file
     */
    public static boolean isHeld(Path lockPath) {
        return holder(lockPath).isPresent();
    }

    /**
     * The liveness probe (docs/FORMAT.md §5.1): who holds the write lock on the lock file, without taking
     * any lock and without opening the file. In this process the registry answers; elsewhere the kernel's
     * table of locks ({@code /proc/locks}, matched by device and inode) does. Only where there is no
     * {@code /proc/locks} does it fall back to trying a shared lock for an instant.
     *
     * @param lockPath the lock file
     * @return empty if no writer holds it; else the holder's pid (-1 when the kernel does not say)
     * @throws org.jsonmmap.UnsafePathException if the lock path is a link, a FIFO or another non-regular file
     */
    public static OptionalLong holder(Path lockPath) {
        Object key = fileKey(lockPath);
        if (key == null) {
            return OptionalLong.empty();
        }
        if (HELD_IN_THIS_JVM.contains(key)) {
            return OptionalLong.of(ProcessHandle.current().pid());
        }
        PathSafety.refuseNonRegular(lockPath, lockPath.getFileName().toString());
        OptionalLong fromKernel = ProcLocks.writeLockHolder(PROC_LOCKS, lockPath);
        if (fromKernel != null) {
            return fromKernel;
        }
        return probeWithSharedLock(lockPath);
    }

    private static OptionalLong probeWithSharedLock(Path lockPath) {
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return OptionalLong.of(readPid(ch));
            }
            probe.release();
            return OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (OverlappingFileLockException e) {
            return OptionalLong.of(ProcessHandle.current().pid());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Reading the kernel's lock table. */
    static final class ProcLocks {
        private ProcLocks() {
        }

        /**
         * The holder of a write lock on {@code file} in the lock table at {@code table}: {@code null} if the
         * table cannot be read (not Linux), empty if no write lock is held, else the pid (-1 for an
         * open-file-description lock, which the kernel lists without a pid).
         */
        static OptionalLong writeLockHolder(Path table, Path file) {
            long dev;
            long ino;
            try {
                dev = ((Number) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
                ino = ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return null;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return null;
            }
            // glibc's encoding of a 64-bit dev_t
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            String id = String.format("%02x:%02x:%d", major, minor, ino);
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                // "1: POSIX  ADVISORY  WRITE 1234 00:2d:5678 0 EOF"; a waiter's line has "->" in field 1
                if (f.length >= 6 && !f[1].equals("->") && f[3].equals("WRITE") && f[5].equals(id)) {
                    try {
                        long pid = Long.parseLong(f[4]);
                        return OptionalLong.of(pid > 0 ? pid : -1);
                    } catch (NumberFormatException e) {
                        return OptionalLong.of(-1);
                    }
                }
            }
            return OptionalLong.empty();
        }
    }

    /** Releases the lock (idempotent). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            HELD_IN_THIS_JVM.remove(Objects.requireNonNull(key));
        }
    }
}
