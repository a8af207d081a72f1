package org.jsonmmap.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jsonmmap.testkit.ChildJvm;

/**
 * A child JVM running one of the harness mains: the test kit's {@link ChildJvm} (output pumped line by line,
 * kill -9, bounded waits) with the harness's conventions. Standard error goes to {@code LABEL.err} in the log
 * directory, the last lines of the output to {@code LABEL.out} when it is closed, and a JVM crash leaves
 * {@code hs_err_pid*.log} there. A wait that runs out returns null instead of failing: the scenario reports it.
 */
final class Child implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ChildJvm jvm;

    private Child(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts {@code main} with this JVM's class path. */
    static Child start(Path logDir, Class<?> main, String... args) throws IOException {
        return start(logDir, List.of(), System.getProperty("java.class.path"), List.of(), main, args);
    }

    /**
     * Starts {@code main} in a new JVM: small heap, fast start, crash log in {@code logDir}.
     *
     * @param wrapper a command the java launcher runs under (e.g. setpriv ... --), or empty
     */
    static Child start(Path logDir, List<String> wrapper, String classPath, List<String> jvmOptions, Class<?> main,
                       String... args) throws IOException {
        ChildJvm.Builder b = ChildJvm.java(main, args).wrapper(wrapper).classPath(classPath).heap("384m")
                .jvmOptions("-Xss1m", "-XX:ErrorFile=" + logDir.resolve("hs_err_pid%p.log")).jvmOptions(jvmOptions);
        return new Child(conventions(b, logDir, main.getSimpleName()).start());
    }

    /** Starts any command, output pumped the same way (the CLI). */
    static Child command(Path logDir, String label, List<String> cmd) throws IOException {
        return new Child(conventions(ChildJvm.command(cmd), logDir, label).start());
    }

    private static ChildJvm.Builder conventions(ChildJvm.Builder b, Path logDir, String name) {
        String label = name + "-" + COUNTER.incrementAndGet();
        return b.label(label).directory(logDir).stderrTo(logDir.resolve(label + ".err"))
                .outputLog(logDir.resolve(label + ".out"));
    }

    long pid() {
        return jvm.pid();
    }

    String label() {
        return jvm.label();
    }

    Path stderrFile() {
        return jvm.stderrFile();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** Writes one line to the child's standard input. */
    void sendLine(String line) throws IOException {
        jvm.stdin().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        jvm.stdin().flush();
    }

    /** Waits for a line starting with {@code prefix}; null after {@code timeout} or if the child ended first. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        return jvm.pollLine(prefix, timeout);
    }

    /** Waits for the exit; the exit value, or null if it still ran after {@code timeout} (it is then killed). */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return jvm.exitWithin(timeout);
    }

    /**
     * Waits for the exit and returns the child's {@code RESULT} line. A child that did not end cleanly within
     * {@code timeout} (killed, a non-zero exit) or printed no result fails {@code result} and gives null.
     */
    String awaitResult(Duration timeout, Result result) throws InterruptedException {
        Integer exit = awaitExit(timeout);
        String line = lastLine("RESULT");
        if (exit == null || exit != 0 || line == null) {
            result.fail(this + " ended with " + exit + " without a result");
            return null;
        }
        return line;
    }

    /** Like {@link #awaitExit}: on timeout the child's descendants are killed with it. */
    Integer awaitExitKillingTree(Duration timeout) throws InterruptedException {
        return jvm.exitWithin(timeout);
    }

    /** All lines printed so far. */
    List<String> output() {
        return jvm.output();
    }

    /** The last printed line starting with {@code prefix}, or null. */
    String lastLine(String prefix) {
        return jvm.lastLine(prefix);
    }

    /** kill -9, and wait for it to be gone (and for its output to be read). */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    /** An exit value meaning the JVM died of a signal it did not ask for (SIGABRT after a crash, SIGBUS, SIGSEGV). */
    static boolean crashedBySignal(Integer exit) {
        return exit != null && exit > 128 && exit != 128 + 9 && exit != 128 + 15;
    }

    /** Kills every child this JVM started and did not close yet. */
    static void killAll() {
        ChildJvm.killAll();
    }

    @Override
    public void close() {
        jvm.close();
    }

    @Override
    public String toString() {
        return jvm.toString();
    }
}
