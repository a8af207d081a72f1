package org.jsonmmap.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real child process, usually a JVM running a main class of the caller's class path: the one launcher of
 * every module's tests and tools. Its standard output is pumped by a daemon thread, kept whole
 * ({@link #stdout()}) and line by line ({@link #awaitLine}, {@link #output()}), so that no pipe ever fills up;
 * standard error is captured the same way, or goes to a file or to this process's. {@link #kill()} is SIGKILL
 * (kill -9); {@link #close()} kills a child that still runs, so try-with-resources never leaves one behind,
 * and {@link #killAll()} kills every child not closed yet (for a shutdown hook).
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(HoldWriter.class, dir.toString(), "cfg")) {
 *     child.awaitLine("ready", Duration.ofSeconds(30));
 *     child.kill();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String label;
    private final Process process;
    private final Stream out;
    private final Stream err;
    private final Path stderrFile;

    private ChildJvm(String label, Process process, Consumer<String> onLine, boolean captureErr, Path stderrFile) {
        this.label = label;
        this.process = process;
        this.stderrFile = stderrFile;
        LIVE.add(this);
        this.out = new Stream(process.getInputStream(), onLine, "stdout-" + label);
        this.err = captureErr ? new Stream(process.getErrorStream(), null, "stderr-" + label) : null;
    }

    /** @return the java launcher of this JVM (children run the same Java) */
    public static Path javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Starts {@code mainClass} in a new JVM with this JVM's class path and a 256 MiB heap; its standard error
     * goes to this process's.
     *
     * @param mainClass the class whose main runs
     * @param args its arguments
     * @return the running child
     * @throws IOException if it cannot be started
     */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return java(mainClass, args).inheritStderr().start();
    }

    /**
     * A child JVM to configure and start: {@code java -Xmx256m -XX:+UseSerialGC -cp CLASSPATH MAIN ARGS}.
     *
     * @param mainClass the class whose main runs (on the class path given, by default this JVM's)
     * @param args its arguments
     * @return a builder
     */
    public static Builder java(Class<?> mainClass, String... args) {
        return java(mainClass.getName(), args);
    }

    /**
     * Like {@link #java(Class, String...)}, for a main class named by a string (one the caller does not compile
     * against, e.g. {@code org.apache.zookeeper.server.ZooKeeperServerMain}).
     *
     * @param mainClass the fully qualified name of the main class
     * @param args its arguments
     * @return a builder
     */
    public static Builder java(String mainClass, String... args) {
        return new Builder(mainClass, List.of(args), null);
    }

    /**
     * Any command, pumped the same way (e.g. {@code bin/jsonmmap}, which runs the tool's JVM).
     *
     * @param command the program and its arguments
     * @return a builder
     */
    public static Builder command(List<String> command) {
        return new Builder(null, List.of(), List.copyOf(command));
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return the process, for what this class does not offer */
    public Process process() {
        return process;
    }

    /** @return the label: the main class's simple name (or the program's name) and a number */
    public String label() {
        return label;
    }

    /** @return whether it still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return its standard input (closing it is the usual "stop" signal of the harness mains) */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Waits for a line starting with {@code prefix}, skipping others.
     *
     * @param prefix what the line starts with
     * @param timeout the longest wait
     * @return the line
     * @throws AssertionError naming what it printed, if no such line came in time (or the child ended first)
     * @throws InterruptedException if interrupted
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(line -> line.startsWith(prefix), "a line starting with '" + prefix + "'", timeout);
    }

    /**
     * Waits for a line that passes {@code test}, skipping others.
     *
     * @param test the line wanted
     * @param timeout the longest wait
     * @return the line
     * @throws AssertionError naming what it printed, if no such line came in time (or the child ended first)
     * @throws InterruptedException if interrupted
     */
    public String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException {
        return awaitLine(test, "the expected line", timeout);
    }

    private String awaitLine(Predicate<String> test, String what, Duration timeout) throws InterruptedException {
        String line = pollLine(test, timeout);
        if (line == null) {
            throw new AssertionError(this + " printed no " + what + " within " + timeout + "; alive="
                    + process.isAlive() + "; stdout: " + abbreviate(stdout()) + "; stderr: " + abbreviate(stderr()));
        }
        return line;
    }

    /**
     * Waits for a line starting with {@code prefix}, skipping others.
     *
     * @param prefix what the line starts with
     * @param timeout the longest wait
     * @return the line, or null if none came in time or the child ended without printing it
     * @throws InterruptedException if interrupted
     */
    public String pollLine(String prefix, Duration timeout) throws InterruptedException {
        return pollLine(line -> line.startsWith(prefix), timeout);
    }

    private String pollLine(Predicate<String> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = out.lines.poll(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
            if (line == null) {
                if (!process.isAlive()) {
                    out.pump.join(2_000);
                    if (out.lines.isEmpty()) {
                        return null;
                    }
                }
                continue;
            }
            if (test.test(line)) {
                return line;
            }
        }
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout the longest wait
     * @return its exit code
     * @throws AssertionError naming what it printed, if it still ran after {@code timeout} (it is then killed)
     * @throws InterruptedException if interrupted
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        Integer exit = exitWithin(timeout);
        if (exit == null) {
            throw new AssertionError(this + " did not exit within " + timeout + "; stdout: " + abbreviate(stdout())
                    + "; stderr: " + abbreviate(stderr()));
        }
        return exit;
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout the longest wait
     * @return its exit code, or null if it still ran after {@code timeout} (it is then killed, with its
     *         descendants)
     * @throws InterruptedException if interrupted
     */
    public Integer exitWithin(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            killTree();
            return null;
        }
        joinPumps();
        return process.exitValue();
    }

    /** @return every line printed so far on standard output */
    public List<String> output() {
        synchronized (out.all) {
            return new ArrayList<>(out.all);
        }
    }

    /**
     * @param prefix what the line starts with
     * @return the last line printed so far that starts with {@code prefix}, or null
     */
    public String lastLine(String prefix) {
        List<String> lines = output();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return lines.get(i);
            }
        }
        return null;
    }

    /** @return standard output so far, exactly as printed (UTF-8) */
    public String stdout() {
        return out.text();
    }

    /** @return standard error so far: captured, or read from its file; empty when it went to this process's */
    public String stderr() {
        if (err != null) {
            return err.text();
        }
        if (stderrFile != null) {
            try {
                return Files.readString(stderrFile);
            } catch (IOException e) {
                return "(cannot read " + stderrFile + ": " + e + ")";
            }
        }
        return "";
    }

    /** @return the file standard error goes to, or null */
    public Path stderrFile() {
        return stderrFile;
    }

    /**
     * kill -9, then waits (up to 10 s) for the child to be gone and its output to be read.
     *
     * @throws InterruptedException if interrupted
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        joinPumps();
    }

    /**
     * kill -9 of the child's descendants, then of the child (a launcher script's JVM, a wrapper's child).
     *
     * @throws InterruptedException if interrupted
     */
    public void killTree() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        kill();
    }

    private void joinPumps() throws InterruptedException {
        out.pump.join(5_000);
        if (err != null) {
            err.pump.join(5_000);
        }
    }

    /** Kills every child started in this JVM and not closed yet (e.g. from a shutdown hook). */
    public static void killAll() {
        for (ChildJvm c : LIVE) {
            c.close();
        }
    }

    /** Kills the child (with its descendants) if it still runs. Idempotent. */
    @Override
    public void close() {
        LIVE.remove(this);
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + process.pid() + ")";
    }

    private static String abbreviate(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }

    /** One of the child's output streams, pumped by a daemon thread: kept whole and split into lines. */
    private static final class Stream {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = Collections.synchronizedList(new ArrayList<>());
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread pump;

        Stream(InputStream in, Consumer<String> onLine, String name) {
            pump = new Thread(() -> pump(in, onLine), name);
            pump.setDaemon(true);
            pump.start();
        }

        private void pump(InputStream in, Consumer<String> onLine) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) != -1) {
                    synchronized (bytes) {
                        bytes.write(buf, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            emit(line, onLine);
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // the child ended abnormally; what it printed is kept
            }
            if (line.size() > 0) {
                emit(line, onLine);
            }
        }

        private void emit(ByteArrayOutputStream line, Consumer<String> onLine) {
            String s = line.toString(StandardCharsets.UTF_8);
            if (s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
            line.reset();
            all.add(s);
            lines.add(s);
            if (onLine != null) {
                onLine.accept(s);
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** How to start a child; {@link #start()} starts it. Not thread-safe; use once. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args;
        private final List<String> command;
        private final List<String> wrapper = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseSerialGC"));
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> unsetEnvironment = new ArrayList<>();
        private String heap = "256m";
        private String classPath = System.getProperty("java.class.path");
        private Path directory;
        private Path stdoutFile;
        private Path stderrFile;
        private Path stdinFile;
        private boolean inheritStderr;
        private boolean mergeStderr;
        private Consumer<String> onLine;
        private String label;

        private Builder(String mainClass, List<String> args, List<String> command) {
            this.mainClass = mainClass;
            this.args = args;
            this.command = command;
        }

        /**
         * @param size the child's maximum heap, e.g. {@code 64m} (default {@code 256m})
         * @return this
         */
        public Builder heap(String size) {
            this.heap = size;
            return this;
        }

        /**
         * @param options more JVM options, after the defaults ({@code -XX:+UseSerialGC} and the heap)
         * @return this
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * @param options more JVM options, after the defaults
         * @return this
         */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /**
         * @param path the child's class path (default: this JVM's)
         * @return this
         */
        public Builder classPath(String path) {
            this.classPath = path;
            return this;
        }

        /**
         * @param prefix a command the java launcher runs under, e.g. {@code setpriv --reuid nobody --}
         * @return this
         */
        public Builder wrapper(List<String> prefix) {
            wrapper.addAll(prefix);
            return this;
        }

        /**
         * @param dir the child's working directory
         * @return this
         */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * @param name an environment variable to set in the child
         * @param value its value
         * @return this
         */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * @param name an environment variable the child must not inherit
         * @return this
         */
        public Builder unsetEnvironment(String name) {
            unsetEnvironment.add(name);
            return this;
        }

        /**
         * @param file where standard output goes instead of being pumped (nothing is then kept in memory)
         * @return this
         */
        public Builder stdoutTo(Path file) {
            this.stdoutFile = file;
            return this;
        }

        /**
         * @param file where standard error goes (default: captured in memory, see {@link ChildJvm#stderr()})
         * @return this
         */
        public Builder stderrTo(Path file) {
            this.stderrFile = file;
            return this;
        }

        /** @return this, with standard error going to this process's */
        public Builder inheritStderr() {
            this.inheritStderr = true;
            return this;
        }

        /** @return this, with standard error merged into standard output */
        public Builder mergeStderr() {
            this.mergeStderr = true;
            return this;
        }

        /**
         * @param file the child's standard input (default: a pipe, {@link ChildJvm#stdin()})
         * @return this
         */
        public Builder stdinFrom(Path file) {
            this.stdinFile = file;
            return this;
        }

        /**
         * @param listener called by the pump thread with every line of standard output, as it comes
         * @return this
         */
        public Builder onLine(Consumer<String> listener) {
            this.onLine = listener;
            return this;
        }

        /**
         * @param name the start of the child's label (default: the main class's simple name)
         * @return this
         */
        public Builder label(String name) {
            this.label = name;
            return this;
        }

        /** @return the command line the child will run */
        public List<String> commandLine() {
            List<String> cmd = new ArrayList<>(wrapper);
            if (command != null) {
                cmd.addAll(command);
                return cmd;
            }
            cmd.add(javaBinary().toString());
            cmd.add("-Xmx" + heap);
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(mainClass);
            cmd.addAll(args);
            return cmd;
        }

        /**
         * Starts the child.
         *
         * @return the running child
         * @throws IOException if it cannot be started
         */
        public ChildJvm start() throws IOException {
            List<String> cmd = commandLine();
            String name = label != null ? label
                    : mainClass != null ? mainClass.substring(mainClass.lastIndexOf('.') + 1)
                    : Paths.get(cmd.get(wrapper.size())).getFileName().toString();
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(environment);
            unsetEnvironment.forEach(pb.environment()::remove);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            if (stdinFile != null) {
                pb.redirectInput(stdinFile.toFile());
            }
            if (stdoutFile != null) {
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile.toFile()));
            }
            boolean captureErr = false;
            if (mergeStderr) {
                pb.redirectErrorStream(true);
            } else if (stderrFile != null) {
                pb.redirectError(stderrFile.toFile());
            } else if (inheritStderr) {
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            } else {
                captureErr = true;
            }
            return new ChildJvm(name + "-" + COUNTER.incrementAndGet(), pb.start(), onLine, captureErr, stderrFile);
        }

        /**
         * Runs the child to its end with {@code stdin} as its standard input.
         *
         * @param stdin what the child reads
         * @param timeout the longest run
         * @return its exit code and output
         * @throws AssertionError if it still ran after {@code timeout} (it is then killed)
         */
        public Result run(byte[] stdin, Duration timeout) {
            try (ChildJvm child = start()) {
                Thread feeder = new Thread(() -> {
                    try (OutputStream in = child.stdin()) {
                        in.write(stdin);
                    } catch (IOException e) {
                        // the child closed its input early; its exit code tells the rest
                    }
                }, "stdin-" + child.label());
                feeder.setDaemon(true);
                feeder.start();
                int exit = child.awaitExit(timeout);
                return new Result(exit, child.stdout(), child.stderr());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * What a finished child left behind.
     *
     * @param exit its exit code
     * @param out its standard output, exactly
     * @param err its standard error, exactly
     */
    public record Result(int exit, String out, String err) {
        /** @return standard output's lines (none when empty) */
        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + abbreviate(out) + "\n--- stderr:\n" + abbreviate(err);
        }
    }
}
