package org.jsonmmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jsonmmap.internal.FileModes;
import org.jsonmmap.internal.PathSafety;
import org.jsonmmap.internal.RegionLayout;
import org.jsonmmap.internal.TrustedPaths;
import org.jsonmmap.internal.WriterLock;

/**
 * Where a region lives: a name in a directory, or an explicit file path; the entry point to open its
 * {@linkplain #openWriter() writer} and its {@linkplain #openReader() readers}, and to inspect, verify
 * and delete it.
 *
 * <p>A name is 1 to 128 of {@code A-Z a-z 0-9 . _ -}, not {@code .} or {@code ..}; it can therefore
 * never leave its directory. Region {@code NAME} is the file {@code DIR/NAME.jmm}, and its writer's
 * lock file is {@code DIR/NAME.jmm.lock}. The default directory is {@code $JSONMMAP_DIR} if set (the
 * system property {@code jsonmmap.dir} takes precedence, for in-process use), else
 * {@code /dev/shm/jsonmmap-USER} on Linux (RAM-backed), else {@code TMPDIR/jsonmmap-USER}. jsonmmap
 * creates a missing directory with mode 0700. A region in a disk directory survives reboots.
 *
 * <p><b>Trust</b> (like OpenSSH's StrictModes). The per-user default directory has a predictable name, so
 * readers and writers refuse it unless it is a real directory (not a link) owned by the caller and not
 * writable by group or others. Any other directory may belong to another user (a master serving workers
 * that run as other users: a group-owned 0750 directory and regions with mode 0640), but must not be
 * writable by anyone but its owner and root. An existing region or lock file must not be writable by group
 * or others, and a writer refuses one it does not own. Refusals are {@link UnsafePathException}s that name
 * the path, its owner and mode and what to do; a refused access is a {@link PermissionDeniedException}.
 *
 * <p>A {@code Region} is an immutable value, its file: the name follows from the file name, and two regions
 * are equal when their paths are. It holds no open file.
 *
 * @param path the region file ({@link #at(Path)} makes one from any path, {@link #named(String, Path)} from a
 *     name in a directory)
 */
public record Region(Path path) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** The naming rule, as stated in error messages. */
    public static final String NAME_RULE =
            "a region name is 1 to 128 characters from A-Z a-z 0-9 . _ - and is not '.' or '..'";

    /**
     * The region whose file is {@code path}; the same as {@link #at(Path)}.
     *
     * @param path the region file
     */
    public Region {
        Objects.requireNonNull(path, "file");
    }

    /**
     * The region called {@code name} in the default directory.
     *
     * @param name the region name
     * @return the region
     * @throws InvalidRegionNameException if the name breaks the rule
     */
    public static Region named(String name) {
        return named(name, defaultDirectory());
    }

    /**
     * The region called {@code name} in {@code directory}.
     *
     * @param name the region name
     * @param directory where its file lives
     * @return the region
     * @throws InvalidRegionNameException if the name breaks the rule
     */
    public static Region named(String name, Path directory) {
        checkName(name);
        Objects.requireNonNull(directory, "directory");
        return new Region(directory.resolve(name + RegionLayout.REGION_SUFFIX));
    }

    /**
     * The region whose file is {@code file} (any name; the lock file is {@code file + ".lock"}).
     *
     * @param file the region file
     * @return the region
     */
    public static Region at(Path file) {
        return new Region(file);
    }

    /**
     * Checks a name against the rule.
     *
     * @param name the candidate
     * @throws InvalidRegionNameException stating the rule and what was wrong
     */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            String shown = name == null ? "null" : "'" + name + "'";
            String why = name == null ? "" : name.isEmpty() ? " (it is empty)"
                    : name.length() > 128 ? " (it has " + name.length() + " characters)"
                    : name.equals(".") || name.equals("..") ? "" : " (it contains " + firstBad(name) + ")";
            throw new InvalidRegionNameException("invalid region name " + shown + why + ": " + NAME_RULE);
        }
    }

    private static String firstBad(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!NAME.matcher(String.valueOf(c)).matches()) {
                return c == '/' ? "'/'" : c < 32 || c > 126 ? String.format("U+%04X", (int) c) : "'" + c + "'";
            }
        }
        return "?";
    }

    /**
     * The directory that names resolve in when none is given.
     *
     * @return the default directory (not created by this call)
     */
    public static Path defaultDirectory() {
        String prop = System.getProperty("jsonmmap.dir");
        if (prop != null && !prop.isEmpty()) {
            return Paths.get(prop);
        }
        String env = System.getenv("JSONMMAP_DIR");
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        return perUserDirectory();
    }

    /** The per-user default, {@code /dev/shm/jsonmmap-USER} or {@code TMPDIR/jsonmmap-USER}. */
    private static Path perUserDirectory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path shm = Paths.get("/dev/shm");
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve("jsonmmap-" + user);
        }
        return Paths.get(System.getProperty("java.io.tmpdir")).resolve("jsonmmap-" + user);
    }

    /**
     * The regions in a directory: every {@code *.jmm} file, in name order (not checked for validity).
     *
     * @param directory the directory
     * @return the regions (empty if the per-user default directory does not exist yet)
     * @throws RegionNotFoundException if any other directory does not exist
     * @throws UnsafePathException if the directory is not one jsonmmap trusts (see the class comment)
     * @throws RegionIOException if it is not a directory or cannot be read (permission denied, ...)
     */
    public static List<Region> list(Path directory) {
        List<Region> out = new ArrayList<>();
        boolean perUser = directory.toAbsolutePath().equals(perUserDirectory().toAbsolutePath());
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.exists(directory)) {
            if (perUser) {
                return out; // the first writer creates it: no regions yet
            }
            throw new RegionNotFoundException("region directory " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new RegionIOException("cannot list regions in " + directory + ": it is not a directory");
        }
        TrustedPaths.checkDirectory(directory, perUser);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + RegionLayout.REGION_SUFFIX)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                String base = n.substring(0, n.length() - RegionLayout.REGION_SUFFIX.length());
                if (NAME.matcher(base).matches() && !base.equals(".") && !base.equals("..")) {
                    out.add(new Region(p));
                }
            }
        } catch (IOException e) {
            throw TrustedPaths.ioFailure("cannot list regions in " + directory, directory, e);
        }
        out.sort(Comparator.comparing(Region::name));
        return out;
    }

    /** @return the region's name: the file name without {@code .jmm} (for a named region, its name) */
    public String name() {
        String fileName = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        return fileName.endsWith(RegionLayout.REGION_SUFFIX)
                ? fileName.substring(0, fileName.length() - RegionLayout.REGION_SUFFIX.length()) : fileName;
    }

    /** @return the writer's lock file, beside the region file */
    public Path lockPath() {
        return path.resolveSibling(path.getFileName() + RegionLayout.LOCK_SUFFIX);
    }

    /** @return whether the region file exists (without following a link) */
    public boolean exists() {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens the region for writing with default options, creating it if needed.
     *
     * @return the writer; close it to release the region
     * @see RegionWriter#open(Region, WriterOptions)
     */
    public RegionWriter openWriter() {
        return RegionWriter.open(this, WriterOptions.defaults());
    }

    /**
     * Opens the region for writing, creating it if needed.
     *
     * @param options the writer's settings
     * @return the writer; close it to release the region
     * @see RegionWriter#open(Region, WriterOptions)
     */
    public RegionWriter openWriter(WriterOptions options) {
        return RegionWriter.open(this, options);
    }

    /**
     * Opens an existing region for reading with default options.
     *
     * @return the reader
     * @throws RegionNotFoundException if the file does not exist
     */
    public RegionReader openReader() {
        return RegionReader.open(this, ReaderOptions.defaults());
    }

    /**
     * Opens an existing region for reading.
     *
     * @param options the reader's settings
     * @return the reader
     * @throws RegionNotFoundException if the file does not exist
     */
    public RegionReader openReader(ReaderOptions options) {
        return RegionReader.open(this, options);
    }

    /**
     * Waits until the region exists, then opens a reader.
     *
     * @param timeout how long to wait for the file to appear
     * @param options the reader's settings
     * @return the reader
     * @throws RegionNotFoundException if it did not appear in time
     */
    public RegionReader awaitCreation(Duration timeout, ReaderOptions options) {
        return RegionReader.awaitCreation(this, timeout, options);
    }

    /**
     * Waits until the region exists, then opens a reader with default options.
     *
     * @param timeout how long to wait for the file to appear
     * @return the reader
     * @throws RegionNotFoundException if it did not appear in time
     */
    public RegionReader awaitCreation(Duration timeout) {
        return awaitCreation(timeout, ReaderOptions.defaults());
    }

    /**
     * Whether a writer (in any process) holds the region now.
     *
     * @return true if a writer is alive
     */
    public boolean writerAlive() {
        return WriterLock.isHeld(lockPath());
    }

    /**
     * What the region holds now: version, size, capacity, epoch, writer, times, mode.
     *
     * @return a description read without parsing the document
     * @throws RegionNotFoundException if the file does not exist
     * @throws RegionCorruptException if the file is not a valid region
     */
    public RegionInfo info() {
        try (RegionReader reader = openReader()) {
            return reader.info();
        }
    }

    /**
     * Checks the file against docs/FORMAT.md: magic, format version, bounds, both slots, checksums.
     *
     * @return the problems found, each one sentence; empty when the region is healthy
     * @throws RegionNotFoundException if the file does not exist
     */
    public List<String> verify() {
        return RegionVerifier.verify(this);
    }

    /**
     * Deletes the region file and its lock file; refused while a writer holds the region.
     *
     * @return true if a region file was deleted, false if there was none
     * @throws WriterLockedException if a writer holds it
     */
    public boolean delete() {
        return delete(false);
    }

    /**
     * Deletes the region file and its lock file (docs/FORMAT.md §5.5). A plain delete takes the writer lock
     * itself for the whole deletion, so no writer can start on the file meanwhile; it refuses, naming the
     * holder, while a writer holds the region. Before unlinking, it moves the file away from the region's
     * path and marks it deleted (tombstone in the commit word, by compare-and-set), so that open readers fail
     * with {@link RegionReplacedException} instead of serving the last value forever, and a writer still
     * running on it (with {@code force}) fails with {@link StaleWriterException} at its next publish at the
     * latest: no publish can succeed after the mark.
     *
     * @param force delete even while a writer holds the region
     * @return true if a region file was deleted, false if there was none
     * @throws WriterLockedException if a writer holds it and {@code force} is false
     * @throws NotARegionException if the file at the path is not a region (no region magic): nothing is
     *     deleted, even with {@code force}
     */
    public boolean delete(boolean force) {
        // a link, a directory or a FIFO at the path is refused before anything is moved or opened
        PathSafety.refuseNonRegular(path, name());
        if (!exists() && !Files.exists(lockPath(), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        refuseNonRegion();
        WriterLock held = null;
        try {
            try {
                held = WriterLock.acquireForDelete(lockPath(), name());
            } catch (WriterLockedException e) {
                if (!force) {
                    throw new WriterLockedException("region '" + name() + "' has a live writer (pid "
                            + (e.holderPid() > 0 ? e.holderPid() : "unknown") + "); stop it first or delete with force",
                            e.holderPid());
                }
            }
            Path moved = path.resolveSibling("." + path.getFileName() + ".deleted-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime());
            try {
                // move the file away first: whatever file is at the path now is the one marked and unlinked, even
                // if a writer (with force) replaces the path meanwhile
                Files.move(path, moved, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                deleteLockFile(held != null || force);
                return false;
            }
            RegionWriter.markDeleted(moved, name());
            Files.deleteIfExists(moved);
            deleteLockFile(held != null || force);
            return true;
        } catch (IOException e) {
            throw new RegionIOException("cannot delete region '" + name() + "' at " + path + ": " + e, e);
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    /**
     * Only regions are deleted: a file at the path must be a regular file starting with the region magic
     * (docs/FORMAT.md 3.1); a damaged region whose magic is intact is still a region. Nothing is touched
     * otherwise, not even a lock file beside it.
     */
    private void refuseNonRegion() {
        if (!exists()) {
            return; // only a lock file is left: deleting it is what was asked
        }
        String found;
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            found = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "not a regular file";
        } else {
            ByteBuffer head = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                while (head.hasRemaining() && ch.read(head) > 0) {
                    // the 8 bytes of the magic, fewer if the file is shorter
                }
            } catch (NoSuchFileException e) {
                return; // deleted meanwhile: delete() finds nothing to delete
            } catch (IOException e) {
                throw TrustedPaths.ioFailure("cannot check that " + path + " is a region before deleting it", path, e);
            }
            if (head.position() == Long.BYTES && head.getLong(0) == RegionLayout.MAGIC) {
                return;
            }
            found = "a file that does not start with the region magic \"JSONMMAP\"";
        }
        throw new NotARegionException("not deleting " + path + ": it is not a region (it is " + found + ");"
                + " nothing was deleted");
    }

    private void deleteLockFile(boolean mayDelete) throws IOException {
        if (mayDelete) {
            Files.deleteIfExists(lockPath());
        }
    }

    void ensureDirectory() {
        Path dir = path.toAbsolutePath().getParent();
        try {
            FileModes.createPrivateDirectory(dir);
        } catch (IOException e) {
            throw TrustedPaths.ioFailure("cannot create region directory " + dir, dir, e);
        }
    }

    /** The exception for a missing region file, saying whether its directory is missing too and why. */
    RegionNotFoundException notFound(Throwable cause) {
        Path dir = path.toAbsolutePath().getParent();
        String why = "";
        if (dir != null && !Files.isDirectory(dir)) {
            why = "; its directory " + dir + " does not exist"
                    + (dir.equals(perUserDirectory().toAbsolutePath())
                    ? " (this is your own per-user default directory: a region published by another user is in"
                    + " theirs; set JSONMMAP_DIR or --dir to the directory the writer uses)" : "");
        }
        return new RegionNotFoundException("region '" + name() + "' does not exist (no file " + path + why + ")", cause);
    }

    /**
     * Checks the directory and the existing region (and, for a writer, lock) file against the trust rules
     * of the class comment.
     *
     * @param forWriting whether a writer is about to open the region
     * @throws UnsafePathException if something is not trusted
     */
    void checkTrusted(boolean forWriting) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            TrustedPaths.checkDirectory(dir, dir.equals(perUserDirectory().toAbsolutePath()));
        }
        TrustedPaths.checkFile(path, "region '" + name() + "'", forWriting);
        if (forWriting) {
            TrustedPaths.checkFile(lockPath(), "the lock file of region '" + name() + "'", true);
        }
    }

    @Override
    public String toString() {
        return "Region[" + name() + " at " + path + "]";
    }
}
