package org.jsonmmap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A scratch directory of one's own, deleted with everything in it by {@link #close()}; and
 * {@link #deleteTree(Path)}, the one tree delete of the tests and tools.
 *
 * <pre>{@code
 * try (Scratch scratch = Scratch.create("torture")) {
 *     Region region = Region.named("cfg", scratch.path());
 * }
 * }</pre>
 */
public final class Scratch implements AutoCloseable {
    private final Path path;

    private Scratch(Path path) {
        this.path = path;
    }

    /**
     * Creates a fresh directory (mode 0700) in the system's temporary directory.
     *
     * @param prefix the start of its name, e.g. the test's
     * @return the scratch directory
     * @throws UncheckedIOException if it cannot be created
     */
    public static Scratch create(String prefix) {
        try {
            return new Scratch(Files.createTempDirectory("jsonmmap-" + prefix + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a fresh directory (mode 0700) in {@code parent}, e.g. a tmpfs such as {@code /dev/shm}.
     *
     * @param parent where to create it
     * @param prefix the start of its name
     * @return the scratch directory
     * @throws UncheckedIOException if it cannot be created
     */
    public static Scratch in(Path parent, String prefix) {
        try {
            return new Scratch(Files.createTempDirectory(parent, "jsonmmap-" + prefix + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the directory */
    public Path path() {
        return path;
    }

    /**
     * @param name a file name in the directory
     * @return its path
     */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the directory and everything in it. Idempotent. */
    @Override
    public void close() {
        deleteTree(path);
    }

    /**
     * Deletes {@code root} and everything below it, not following links (a link is deleted, not what it points
     * to). A path that does not exist is not an error.
     *
     * @param root a file or directory
     * @throws UncheckedIOException if something could not be deleted
     */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
