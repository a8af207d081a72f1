package org.jsonmmap.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jsonmmap.UnsafePathException;

/** Checks that keep jsonmmap from following links or treating other kinds of files as regions. */
public final class PathSafety {
    private PathSafety() {
    }

    /**
     * Refuses a path that is a symbolic link.
     *
     * @param path the path
     * @param regionName for messages
     */
    public static void refuseSymlink(Path path, String regionName) {
        if (Files.isSymbolicLink(path)) {
            throw new UnsafePathException("region '" + regionName + "': " + path
                    + " is a symbolic link; jsonmmap does not follow links (expected a regular file or nothing)");
        }
    }

    /**
     * Refuses an existing path that is not a regular file (a directory, a device, a link).
     *
     * @param path the path
     * @param regionName for messages
     */
    public static void refuseNonRegular(Path path, String regionName) {
        refuseSymlink(path, regionName);
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafePathException("region '" + regionName + "': " + path + " is "
                    + (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "a directory" : "not a regular file")
                    + " (expected a region file)");
        }
    }
}
