package org.jsonmmap.example.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The master as the tests run it: the command-line tool in a child process ({@code bin/jsonmmap}), either
 * once per command or as a long-lived {@code publish --lines} that publishes every line written to it.
 */
final class Master implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final Path log;

    private Master(Process process, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
    }

    private static ProcessBuilder command(Path dir, String... args) {
        String launcher = System.getProperty("jsonmmap.launcher");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            throw new IllegalStateException("bin/jsonmmap not found (system property jsonmmap.launcher: " + launcher + ")");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JSONMMAP_DIR", dir.toString());
        return pb;
    }

    /** Starts {@code jsonmmap publish NAME --lines}: a master that holds the region until closed. */
    static Master streaming(Path dir, String region) throws IOException {
        Path log = Files.createTempFile(dir.getParent(), "master", ".log");
        Process p = command(dir, "publish", region, "--lines", "--quiet").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Master(p, log);
    }

    /** Publishes one document, as the next line of the stream. */
    void publish(String json) {
        try {
            stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the master process died: " + output(), e);
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Runs one command of the tool to its end and returns its output; fails on a non-zero exit. */
    static String run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        Process p = command(dir, args).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jsonmmap " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is gone already
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
