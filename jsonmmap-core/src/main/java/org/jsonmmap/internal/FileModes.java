package org.jsonmmap.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import org.jsonmmap.FileMode;

/** Creating files and directories with an exact mode, whatever the umask. */
public final class FileModes {
    private FileModes() {
    }

    /**
     * Opens {@code path}, never following a link; a file this call creates gets exactly {@code mode}.
     *
     * @param path the file
     * @param mode mode for a created file
     * @param options open options (CREATE / CREATE_NEW decide whether it may be created)
     * @return the open channel
     * @throws IOException on failure
     */
    public static FileChannel openCreating(Path path, FileMode mode, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(java.util.Arrays.asList(options));
        opts.add(LinkOption.NOFOLLOW_LINKS);
        boolean mayCreate = opts.contains(StandardOpenOption.CREATE) || opts.contains(StandardOpenOption.CREATE_NEW);
        if (mayCreate) {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(mode.permissions()));
                setMode(path, mode);
            } catch (FileAlreadyExistsException e) {
                if (opts.contains(StandardOpenOption.CREATE_NEW)) {
                    throw e;
                }
            }
            opts.remove(StandardOpenOption.CREATE_NEW);
            opts.remove(StandardOpenOption.CREATE);
        }
        return FileChannel.open(path, opts);
    }

    /**
     * Sets a file's mode exactly (createFile's mode is reduced by the umask).
     *
     * @param path the file
     * @param mode the mode
     * @throws IOException on failure
     */
    public static void setMode(Path path, FileMode mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(mode.permissions());
        }
    }

    /**
     * Creates a directory (and parents) with mode 0700 if it does not exist.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new NotDirectoryException(dir.toString());
            }
        }
    }
}
