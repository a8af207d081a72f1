package org.jsonmmap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

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
        // one lstat, so that a file deleted meanwhile is "missing", never "not a regular file"
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            return; // unreadable attributes: the open that follows reports the real error
        }
        if (attrs.isSymbolicLink()) {
            throw new UnsafePathException("region '" + regionName + "': " + path
                    + " is a symbolic link; jsonmmap does not follow links (expected a regular file or nothing)");
        }
        if (!attrs.isRegularFile()) {
            throw new UnsafePathException("region '" + regionName + "': " + path + " is "
                    + (attrs.isDirectory() ? "a directory" : "not a regular file") + " (expected a region file)");
        }
    }
}
