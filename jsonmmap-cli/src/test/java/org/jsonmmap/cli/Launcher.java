package org.jsonmmap.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real {@code bin/jsonmmap} launcher in child processes, with {@code JSONMMAP_DIR} set to a
 * test's own directory (never the user's default), each run bounded in time.
 */
final class Launcher {
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    Launcher(Path dir) {
        this.dir = dir;
    }

    /** The launcher script: the failsafe configuration names it; from the module directory it is ../bin. */
    static Path script() {
        return Paths.get(System.getProperty("jsonmmap.launcher", "../bin/jsonmmap")).toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    /** What a finished run left behind. */
    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + abbreviate(out) + "\n--- stderr:\n" + abbreviate(err);
        }

        private static String abbreviate(String s) {
            return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " chars)" : s;
        }
    }

    Result run(String... args) {
        return pipe(new byte[0], args);
    }

    Result pipe(String stdin, String... args) {
        return pipe(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs to completion with {@code stdin} as standard input; output goes through files, so no pipe fills up. */
    Result pipe(byte[] stdin, String... args) {
        try {
            Path in = Files.createTempFile(dir.getParent(), "stdin", ".txt");
            Path out = Files.createTempFile(dir.getParent(), "stdout", ".txt");
            Path err = Files.createTempFile(dir.getParent(), "stderr", ".txt");
            Files.write(in, stdin);
            ProcessBuilder pb = builder(args);
            pb.redirectInput(in.toFile());
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("jsonmmap " + String.join(" ", args) + " did not finish within "
                            + RUN_TIMEOUT + "; it printed: " + Files.readString(out) + Files.readString(err));
                }
            } finally {
                p.destroyForcibly();
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts a run in the background, with standard input open for the test to write. */
    Running start(String... args) {
        try {
            return new Running(builder(args).start(), String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JSONMMAP_DIR", dir.toString());
        pb.environment().remove("JSONMMAP_JAVA_OPTS");
        return pb;
    }

    /** A launcher process running in the background: its output lines arrive in a queue. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final String command;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outPump;
        private final Thread errPump;

        Running(Process process, String command) {
            this.process = process;
            this.command = command;
            this.outPump = daemon(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        all.add(line);
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended; what it printed is kept
                }
            });
            this.errPump = daemon(() -> {
                try (InputStream e = process.getErrorStream()) {
                    e.transferTo(err);
                } catch (IOException ignored) {
                    // same
                }
            });
        }

        private Thread daemon(Runnable r) {
            Thread t = new Thread(r, "launcher-" + process.pid());
            t.setDaemon(true);
            t.start();
            return t;
        }

        OutputStream stdin() {
            return process.getOutputStream();
        }

        long pid() {
            return process.pid();
        }

        /** Waits for a line matching {@code test} (skipping others); fails after {@code timeout}. */
        String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("jsonmmap " + command + " printed no expected line within " + timeout
                            + "; alive=" + process.isAlive() + "; stdout: " + output() + "; stderr: " + stderr());
                }
                if (test.test(line)) {
                    return line;
                }
            }
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jsonmmap " + command + " did not exit within " + timeout + "; stdout: "
                        + output() + "; stderr: " + stderr());
            }
            outPump.join(10_000);
            errPump.join(10_000);
            return process.exitValue();
        }

        List<String> output() {
            synchronized (all) {
                return new ArrayList<>(all);
            }
        }

        String stderr() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
