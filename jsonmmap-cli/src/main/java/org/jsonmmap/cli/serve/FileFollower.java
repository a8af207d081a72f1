package org.jsonmmap.cli.serve;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Notices changes to one file: edits in place, replacement by rename (what editors and deploy tools do),
 * deletion and re-creation.
 *
 * <p>Two sources, because neither is enough alone: change events on the file's directory (inotify on Linux,
 * through the JDK's {@link WatchService}), which come within milliseconds; and {@link #fingerprint} compared
 * by the caller at a fixed interval, which catches what events miss (a file reached through a symbolic link
 * into another directory, file systems without events, an event queue overflow).
 */
public final class FileFollower implements AutoCloseable {
    private final Path file;
    private final WatchService watcher;
    private final Thread thread;

    /**
     * What identifies one state of the file: whether it exists, its identity (device and inode), size and
     * modification time. Equal fingerprints mean "nothing to re-read" for the interval check.
     *
     * @param exists whether there is a file at the path
     * @param key the file's identity ({@link BasicFileAttributes#fileKey()}), null if unknown
     * @param size its size
     * @param modifiedNanos its modification time
     */
    public record Fingerprint(boolean exists, Object key, long size, long modifiedNanos) {
        /** The fingerprint of no file. */
        public static final Fingerprint MISSING = new Fingerprint(false, null, -1, -1);

        /** @return what differs from {@code before}, for the log, e.g. "modified" or "replaced" */
        String differenceFrom(Fingerprint before) {
            if (exists != before.exists) {
                return exists ? "created" : "deleted";
            }
            if (!Objects.equals(key, before.key)) {
                return "replaced";
            }
            return "modified";
        }
    }

    /**
     * Starts watching the directory of {@code file}; {@code onEvent} is called on the watcher's own thread
     * with "created or renamed over", "deleted or renamed away", "modified" or "overflow" for each event that concerns the file.
     *
     * @param file the file to follow (its directory must exist)
     * @param onEvent receives the events, quickly (e.g. puts them in a queue)
     * @throws IOException if the directory cannot be watched
     */
    public FileFollower(Path file, Consumer<String> onEvent) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        Path dir = this.file.getParent();
        this.watcher = dir.getFileSystem().newWatchService();
        try {
            dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        Path name = this.file.getFileName();
        this.thread = new Thread(() -> pump(name, onEvent), "jsonmmap-serve-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void pump(Path name, Consumer<String> onEvent) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == OVERFLOW) {
                        onEvent.accept("overflow");
                    } else if (name.equals(e.context())) {
                        // a rename over the file arrives as a creation of its name
                        onEvent.accept(e.kind() == ENTRY_CREATE ? "created or renamed over"
                                : e.kind() == ENTRY_DELETE ? "deleted or renamed away" : "modified");
                    }
                }
                if (!key.reset()) {
                    // the directory itself went away; the interval check goes on noticing the file
                    onEvent.accept("directory gone");
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /**
     * The file's current fingerprint (follows symbolic links, as reading it does).
     *
     * @param file the file
     * @return its fingerprint, {@link Fingerprint#MISSING} if there is no file
     */
    public static Fingerprint fingerprint(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Fingerprint(true, a.fileKey(), a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (NoSuchFileException e) {
            return Fingerprint.MISSING;
        } catch (IOException e) {
            return new Fingerprint(true, e.toString(), -1, -1);
        }
    }

    /** @return the followed file, absolute */
    public Path file() {
        return file;
    }

    /** Stops watching. Idempotent. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
