package org.jsonmmap.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.jsonmmap.FileMode;
import org.jsonmmap.PermissionDeniedException;
import org.jsonmmap.RegionIOException;
import org.jsonmmap.UnsafePathException;

/**
 * Who may have put a file where jsonmmap looks, modelled on OpenSSH's StrictModes ({@code secure_filename})
 * and the XDG Base Directory rules for {@code XDG_RUNTIME_DIR}. Every check uses {@code lstat}: a link is
 * never followed to decide whether something is trusted.
 *
 * <ul>
 *   <li>The default per-user directory ({@code /dev/shm/jsonmmap-USER}) has a predictable name, so another
 *       user could create it first: it must be a real directory (not a link), owned by the caller, and not
 *       writable by group or others.</li>
 *   <li>An explicit directory ({@code JSONMMAP_DIR}, {@code --dir}, a path) may belong to another user (the
 *       master of a multi-user setup), but nobody except its owner and root may be able to write it: no group
 *       or other write bit. Otherwise anyone could plant or replace a region in it.</li>
 *   <li>An existing region or lock file must have no group or other write bit; a writer also refuses one it
 *       does not own.</li>
 * </ul>
 *
 * Refusals are {@link UnsafePathException}s naming the path, its owner and mode, and what to do. On a
 * file system without POSIX owners the checks are skipped.
 */
public final class TrustedPaths {
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private TrustedPaths() {
    }

    /**
     * Owner, group and mode of one path, read with lstat.
     *
     * @param uid the owner's uid
     * @param mode the mode bits, file type included
     * @param link whether it is a symbolic link
     * @param directory whether it is a directory
     * @param regular whether it is a regular file
     * @param owner the owner's name
     */
    public record Stat(int uid, int mode, boolean link, boolean directory, boolean regular, String owner) {
        /** @return "owner alice (uid 1000), mode 0640" for messages */
        public String describe() {
            return "owner " + owner + " (uid " + uid + "), mode " + FileMode.octal(mode & 07777);
        }
    }

    /**
     * lstat of {@code path}, or null if nothing is there or the file system has no POSIX owners.
     *
     * @param path the path
     * @return its owner and mode, or null
     * @throws IOException on other failures
     */
    public static Stat lstat(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:uid,mode,isSymbolicLink,isDirectory,isRegularFile,owner",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        return new Stat((Integer) a.get("uid"), (Integer) a.get("mode"), (Boolean) a.get("isSymbolicLink"),
                (Boolean) a.get("isDirectory"), (Boolean) a.get("isRegularFile"), String.valueOf(a.get("owner")));
    }

    /**
     * The caller's effective uid, or -1 where it cannot be found (no /proc).
     *
     * @return the uid
     */
    public static int callerUid() {
        try {
            return (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String callerName() {
        return System.getProperty("user.name", "you");
    }

    /**
     * Checks a directory regions live in.
     *
     * @param dir the directory
     * @param perUserDefault whether it is the default per-user directory (must then be the caller's own)
     * @throws UnsafePathException if it is a link (the per-user default) or writable by others
     * @throws RegionIOException if it is not a directory or cannot be examined
     */
    public static void checkDirectory(Path dir, boolean perUserDefault) {
        Stat st;
        try {
            st = lstat(dir);
        } catch (IOException e) {
            throw ioFailure("cannot examine region directory " + dir, dir, e);
        }
        if (st == null) {
            return;
        }
        String fix = perUserDefault
                ? "remove it (ask root if you cannot) and run again, or set JSONMMAP_DIR to a directory of your own"
                : "make it writable by its owner only (chmod go-w " + dir + ") or use another directory";
        if (st.link()) {
            if (perUserDefault) {
                throw new UnsafePathException("the default region directory " + dir + " is a symbolic link ("
                        + st.describe() + "); jsonmmap does not follow links to decide what to trust: " + fix);
            }
            // an explicit directory may be named through a link: check what it names
            try {
                dir = dir.toRealPath();
                st = lstat(dir);
            } catch (IOException e) {
                throw ioFailure("cannot resolve region directory " + dir, dir, e);
            }
            if (st == null) {
                return;
            }
        }
        if (!st.directory()) {
            throw new RegionIOException("region directory " + dir + " is not a directory (" + st.describe()
                    + "): give a directory");
        }
        int me = callerUid();
        if (perUserDefault && me >= 0 && st.uid() != me) {
            throw new UnsafePathException("the default region directory " + dir + " belongs to someone else ("
                    + st.describe() + "), not to " + callerName() + " (uid " + me + "); it could hold anyone's"
                    + " regions: " + fix);
        }
        if ((st.mode() & GROUP_OR_OTHER_WRITE) != 0) {
            throw new UnsafePathException("region directory " + dir + " is writable by "
                    + writers(st.mode()) + " (" + st.describe() + "), so anyone in it could plant or replace a"
                    + " region: " + fix);
        }
    }

    /**
     * Checks an existing region or lock file (nothing there passes).
     *
     * @param file the file
     * @param what "region 'cfg'" or "lock file of region 'cfg'", for messages
     * @param forWriting whether the caller is about to write it (it must then own it)
     * @throws UnsafePathException if others may write it, or a writer does not own it
     */
    public static void checkFile(Path file, String what, boolean forWriting) {
        Stat st;
        try {
            st = lstat(file);
        } catch (IOException e) {
            throw ioFailure("cannot examine " + what + " at " + file, file, e);
        }
        if (st == null || st.link() || !st.regular()) {
            return; // PathSafety reports links and non-regular files
        }
        if ((st.mode() & GROUP_OR_OTHER_WRITE) != 0) {
            throw new UnsafePathException(what + ": " + file + " is writable by " + writers(st.mode()) + " ("
                    + st.describe() + "), so its content cannot be trusted: if you wrote it, chmod go-w " + file
                    + " (a region's mode never has write bits for group or others); otherwise delete it");
        }
        int me = callerUid();
        if (forWriting && me >= 0 && st.uid() != me) {
            throw new UnsafePathException(what + ": " + file + " belongs to someone else (" + st.describe()
                    + "); a writer writes only files it owns: publish as " + st.owner() + ", or delete the file");
        }
    }

    private static String writers(int mode) {
        boolean group = (mode & 0020) != 0;
        boolean other = (mode & 0002) != 0;
        return group && other ? "its group and everyone" : group ? "its group" : "everyone";
    }

    /**
     * Turns an I/O failure on a path into the exception a caller can act on: permission denied (with the
     * owner and mode of what was refused, and a hint), not a directory, or a plain I/O error.
     *
     * @param action what was attempted, e.g. "cannot open region 'cfg'"
     * @param path the path involved
     * @param e the failure
     * @return the exception to throw
     */
    public static RegionIOException ioFailure(String action, Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new PermissionDeniedException(action + ": permission denied on " + denied(path) + "; "
                    + "readers running as another user need read access to the region file and search (x) access"
                    + " to its directory: put regions in a shared directory (e.g. group-owned, mode 0750) and"
                    + " publish with --mode 0640 (see README, 'Several users')", e);
        }
        if (e instanceof NotDirectoryException || e instanceof FileSystemException
                && "Not a directory".equals(((FileSystemException) e).getReason())) {
            return new RegionIOException(action + ": " + path + " (or a directory above it) is not a directory", e);
        }
        String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                ? ((FileSystemException) e).getReason() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new RegionIOException(action + ": " + path + ": " + reason, e);
    }

    /** The path (or the nearest directory above it) with its owner and mode, for a permission message. */
    private static String denied(Path path) {
        Path p = path.toAbsolutePath();
        StringBuilder out = new StringBuilder();
        for (Path q = p; q != null; q = q.getParent()) {
            try {
                Stat st = lstat(q);
                if (st != null) {
                    out.append(q).append(" (").append(st.describe()).append(')');
                    if (!q.equals(p)) {
                        out.append(", the nearest directory above ").append(p).append(" that can be seen");
                    }
                    return out.toString();
                }
            } catch (IOException ignored) {
                // cannot see it either: go up
            }
        }
        return p.toString();
    }
}
