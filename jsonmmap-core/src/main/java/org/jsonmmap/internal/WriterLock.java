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
import java.util.HashSet;
import java.util.List;
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

    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;
    private final long previousToken;
    private boolean closed;

    private WriterLock(Object key, FileChannel channel, FileLock lock, long previousToken) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.previousToken = previousToken;
    }

    /**
     * Takes the writer lock or fails at once naming the holder; records this process's pid in the lock
     * file (the owner token follows with {@link #recordOwner(long)}).
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
            Set<String> fdsBefore = openDescriptors();
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
                Object opened = openedKey(fdsBefore, lockPath);
                boolean same = after != null && (opened != null ? opened.equals(after) : before == null || before.equals(after));
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
                long previous = readToken(channel);
                if (record) {
                    write(channel, self + "\n");
                }
                return new WriterLock(key, channel, lock, previous);
            } catch (OverlappingFileLockException e) {
                // this JVM holds a lock on the same file through another path: never close our descriptor
                throw inThisProcess(regionName, self);
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

    /** The entries of /proc/self/fd (empty where there is none). */
    private static Set<String> openDescriptors() {
        Set<String> fds = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_SELF_FD)) {
            for (Path p : dir) {
                fds.add(p.getFileName().toString());
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Set.of();
        }
        return fds;
    }

    /**
     * The device and inode of the descriptor opened since {@code before} for {@code path}, found through
     * /proc/self/fd without opening the file (a stat through the descriptor's link); null where unknown.
     */
    private static Object openedKey(Set<String> before, Path path) {
        if (before.isEmpty()) {
            return null;
        }
        String target = path.toAbsolutePath().normalize().toString();
        Object found = null;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_SELF_FD)) {
            for (Path p : dir) {
                if (before.contains(p.getFileName().toString())) {
                    continue;
                }
                String link;
                try {
                    link = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue;
                }
                if (link.equals(target + DELETED)) {
                    return DELETED;
                }
                if (link.equals(target) || samePlace(link, target)) {
                    found = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return found;
    }

    /** Whether a /proc link target names the same file as {@code target} with the links of its directory resolved. */
    private static boolean samePlace(String link, String target) {
        try {
            Path t = Paths.get(target);
            Path parent = t.getParent();
            return parent != null && Paths.get(link).equals(parent.toRealPath().resolve(t.getFileName()));
        } catch (IOException e) {
            return false;
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
     * The token the lock file held when this writer locked it (0 if none): the previous owner's, if it held
     * this very file (docs/FORMAT.md §5.3).
     *
     * @return the token
     */
    public long previousToken() {
        return previousToken;
    }

    /**
     * Writes "PID TOKEN" into the lock file (the token also goes into the region header at takeover).
     *
     * @param token this writer's owner token
     */
    public void recordOwner(long token) {
        try {
            write(channel, ProcessHandle.current().pid() + " " + Long.toHexString(token) + "\n");
        } catch (IOException e) {
            throw new RegionIOException("cannot write the owner into lock file: " + e, e);
        }
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
