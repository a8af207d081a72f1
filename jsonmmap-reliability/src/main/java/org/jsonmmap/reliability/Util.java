package org.jsonmmap.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jsonmmap.testkit.Scratch;

/** Small helpers shared by the scenarios. */
final class Util {
    private Util() {
    }

    /** The value of {@code key=value} in a line of figures, or {@code dflt} if absent. */
    static long figure(String line, String key, long dflt) {
        if (line == null) {
            return dflt;
        }
        for (String part : line.split("\\s+")) {
            if (part.startsWith(key + "=")) {
                try {
                    return Long.parseLong(part.substring(key.length() + 1));
                } catch (NumberFormatException e) {
                    return dflt;
                }
            }
        }
        return dflt;
    }

    /** A fresh directory on tmpfs (/dev/shm) when there is one, else under {@code fallback}. */
    static Path ramDirectory(Path fallback, String name) throws IOException {
        Path shm = Paths.get("/dev/shm");
        return (Files.isDirectory(shm) && Files.isWritable(shm) ? Scratch.in(shm, "rel-" + name)
                : Scratch.in(fallback, "rel-" + name)).path();
    }

    /** Deletes a tree without following links (the test kit's delete); a leftover is not worth failing a run. */
    static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try {
            Scratch.deleteTree(root);
        } catch (UncheckedIOException ignored) {
            // best effort: a leftover in a temp directory
        }
    }

    /** Runs a command to its end (at most 60 s); its exit value, or -1 if it had to be killed. */
    static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** JVM crash logs left in {@code dir}. */
    static long crashLogs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("hs_err")).count();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
