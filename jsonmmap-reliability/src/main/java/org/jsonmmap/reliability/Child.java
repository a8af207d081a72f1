package org.jsonmmap.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM running one of the harness mains. Standard output is pumped line by line; standard error goes
 * to a file in the log directory; a JVM crash leaves {@code hs_err_pid*.log} there. {@link #kill()} is
 * SIGKILL. {@link #close()} kills it if it still runs, so try-with-resources never leaves a process behind.
 */
final class Child implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Every child not yet closed, so that a shutdown hook can kill what a failing scenario left running. */
    private static final java.util.Set<Child> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String label;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private final Thread pump;
    private final Path stderr;

    private Child(String label, Process process, Path stderr) {
        this.label = label;
        this.process = process;
        this.stderr = stderr;
        LIVE.add(this);
        this.pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child died; what it printed is kept
            }
        }, "pump-" + label);
        pump.setDaemon(true);
        pump.start();
    }

    static Path javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** The JVM options of every child: small heap, fast start, crash log in {@code logDir}. */
    static List<String> jvm(Path logDir, String classPath, List<String> extraJvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary().toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss1m");
        cmd.add("-XX:ErrorFile=" + logDir.resolve("hs_err_pid%p.log"));
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        return cmd;
    }

    /** Starts {@code main} with this JVM's class path. */
    static Child start(Path logDir, Class<?> main, String... args) throws IOException {
        return start(logDir, List.of(), System.getProperty("java.class.path"), List.of(), main, args);
    }

    /**
     * Starts {@code main} in a new JVM.
     *
     * @param wrapper a command the java launcher runs under (e.g. setpriv ... --), or empty
     */
    static Child start(Path logDir, List<String> wrapper, String classPath, List<String> jvmOptions, Class<?> main,
                       String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(jvm(logDir, classPath, jvmOptions));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        String label = main.getSimpleName() + "-" + COUNTER.incrementAndGet();
        Path err = logDir.resolve(label + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(err.toFile());
        pb.directory(logDir.toFile());
        return new Child(label, pb.start(), err);
    }

    /** Starts any command, output pumped the same way (the CLI). */
    static Child command(Path logDir, String label, List<String> cmd) throws IOException {
        String l = label + "-" + COUNTER.incrementAndGet();
        Path err = logDir.resolve(l + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(err.toFile());
        pb.directory(logDir.toFile());
        return new Child(l, pb.start(), err);
    }

    long pid() {
        return process.pid();
    }

    /** Writes one line to the child's standard input. */
    void sendLine(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    String label() {
        return label;
    }

    Path stderrFile() {
        return stderr;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for a line starting with {@code prefix}; null after {@code timeout} or if the child ended first. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
            if (line == null) {
                if (!process.isAlive() && lines.isEmpty()) {
                    pump.join(2_000);
                    if (lines.isEmpty()) {
                        return null;
                    }
                }
                continue;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Waits for the exit; the exit value, or null if it still ran after {@code timeout} (it is then killed). */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return null;
        }
        pump.join(5_000);
        return process.exitValue();
    }

    /**
     * Waits for the exit; on timeout kills the child's descendants and then the child. Returns the exit value,
     * or null on timeout.
     */
    Integer awaitExitKillingTree(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            kill();
            return null;
        }
        pump.join(5_000);
        return process.exitValue();
    }

    /** All lines printed so far. */
    List<String> output() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    /** The last printed line starting with {@code prefix}, or null. */
    String lastLine(String prefix) {
        List<String> out = output();
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i).startsWith(prefix)) {
                return out.get(i);
            }
        }
        return null;
    }

    /** kill -9, and wait for it to be gone (and for its output to be read). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        pump.join(5_000);
    }

    /** An exit value meaning the JVM died of a signal it did not ask for (SIGABRT after a crash, SIGBUS, SIGSEGV). */
    static boolean crashedBySignal(Integer exit) {
        return exit != null && exit > 128 && exit != 128 + 9 && exit != 128 + 15;
    }

    /** Kills every child this JVM started and did not close yet. */
    static void killAll() {
        for (Child c : LIVE) {
            c.close();
        }
    }

    /** Keeps what the child printed (its last 300 lines) beside its standard error, for the post-mortem. */
    private void saveOutput() {
        List<String> out = output();
        if (out.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Files.write(stderr.resolveSibling(label + ".out"),
                    out.subList(Math.max(0, out.size() - 300), out.size()));
        } catch (IOException ignored) {
            // the log is a convenience
        }
    }

    @Override
    public void close() {
        boolean first = LIVE.remove(this);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (first) {
            try {
                pump.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            saveOutput();
        }
    }

    @Override
    public String toString() {
        return label + "(pid " + process.pid() + ")";
    }
}
