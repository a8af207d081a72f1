package org.jsonmmap.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import org.jsonmmap.cli.CliException;
import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.cli.Main;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jsonmmap demo}: one master process and three follower processes on a region of their own, in a
 * temporary directory; every follower read is checked against what the master published.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Run one master process publishing a list of random length (1..100) every ~100 ms and three follower"
                    + " processes printing what they read, each line tagged with process id, version and length.",
            "Every read is checked (in the follower, and against what the master published); the demo ends with"
                    + " a summary line and exits 0 only if there were no torn reads. It makes its own region in a"
                    + " temporary directory and removes it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap demo",
            "  jsonmmap demo --seconds 10 --followers 5"})
public final class DemoCommand implements Callable<Integer> {
    private static final String REGION = "demo";
    private static final Pattern MASTER_LINE = Pattern.compile("\\[(\\d+)] master +version=(\\d+) len=(\\d+)");
    private static final Pattern FOLLOWER_LINE = Pattern.compile("\\[(\\d+)] follower version=(\\d+) (?:len=(\\d+)|TORN: .*)");
    private static final Pattern FOLLOWER_DONE = Pattern.compile("\\[(\\d+)] follower done: reads=(\\d+) torn=(\\d+) last=(\\d+)");
    private static final Pattern MASTER_DONE = Pattern.compile("\\[(\\d+)] master +done: published=(\\d+) last=(\\d+)");
    private static final long GRACE_SECONDS = 60;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "N", description = "How long the master publishes (default ${DEFAULT-VALUE}).")
    private int seconds = 5;

    @Option(names = "--followers", paramLabel = "N", description = "Number of follower processes (default ${DEFAULT-VALUE}).")
    private int followers = 3;

    /** What the children printed that the summary needs; guarded by itself. */
    private final Map<Long, Integer> published = new HashMap<>();
    private final List<long[]> reads = new ArrayList<>();
    private final List<String> tornLines = new ArrayList<>();
    private final Map<Long, long[]> followerDone = new HashMap<>();
    private long masterLast = -1;

    /** Created by picocli. */
    public DemoCommand() {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (seconds < 1 || seconds > 3600) {
            throw new CliException(ExitCode.USAGE, "--seconds must be 1..3600, was " + seconds);
        }
        if (followers < 1 || followers > 32) {
            throw new CliException(ExitCode.USAGE, "--followers must be 1..32, was " + followers);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("jsonmmap-demo-");
        List<Process> children = new CopyOnWriteArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread cleanup = new Thread(() -> stopAll(children, dir), "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            out.println("demo: region '" + REGION + "' in " + dir + "; 1 master, " + followers + " followers, "
                    + seconds + "s");
            for (int i = 0; i < followers; i++) {
                Process p = start(dir, "demo-follower", REGION);
                children.add(p);
                pumps.add(pump(p, out));
            }
            Process master = start(dir, "demo-master", REGION, "--seconds", String.valueOf(seconds));
            children.add(master);
            pumps.add(pump(master, out));
            if (!master.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS)) {
                throw new CliException(ExitCode.FAILURE, "demo: the master (pid " + master.pid() + ") did not finish"
                        + " within " + (seconds + GRACE_SECONDS) + "s");
            }
            // closing a follower's standard input tells it to read the latest version one last time and stop
            List<Process> followerProcesses = children.subList(0, followers);
            for (Process p : followerProcesses) {
                p.getOutputStream().close();
            }
            List<String> failures = new ArrayList<>();
            if (master.exitValue() != 0) {
                failures.add("the master (pid " + master.pid() + ") exited with " + master.exitValue());
            }
            for (Process p : followerProcesses) {
                if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    failures.add("follower " + p.pid() + " did not stop within " + GRACE_SECONDS + "s");
                    p.destroyForcibly();
                } else if (p.exitValue() != 0) {
                    failures.add("follower " + p.pid() + " exited with " + p.exitValue());
                }
            }
            for (Thread t : pumps) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
            return summarize(out, followerProcesses, failures);
        } finally {
            stopAll(children, dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    private int summarize(PrintWriter out, List<Process> followerProcesses, List<String> failures) {
        long torn;
        long readCount;
        TreeSet<Long> versionsSeen = new TreeSet<>();
        synchronized (published) {
            torn = tornLines.size();
            readCount = reads.size();
            for (long[] r : reads) {
                // r = {pid, version, len}: the follower checked the document itself; here it must also be
                // exactly what the master published as that version
                versionsSeen.add(r[1]);
                Integer len = published.get(r[1]);
                if (len == null || len != r[2]) {
                    torn++;
                    failures.add("follower " + r[0] + " read version " + r[1] + " with len " + r[2] + " but the master"
                            + (len == null ? " never published that version" : " published len " + len));
                }
            }
            for (Process p : followerProcesses) {
                long[] done = followerDone.get(p.pid());
                if (done == null) {
                    failures.add("follower " + p.pid() + " did not report its end");
                } else if (done[1] != masterLast) {
                    failures.add("follower " + p.pid() + " ended on version " + done[1] + ", not the last one ("
                            + masterLast + ")");
                }
            }
            if (masterLast < 1) {
                failures.add("the master published nothing");
            }
        }
        out.println("demo: " + followerProcesses.size() + " followers, " + readCount + " reads, " + versionsSeen.size()
                + " versions seen, torn reads: " + torn);
        if (torn > 0 || !failures.isEmpty()) {
            for (String f : failures) {
                spec.commandLine().getErr().println("jsonmmap: demo: " + f);
            }
            throw new CliException(ExitCode.FAILURE, "demo failed: " + (torn > 0 ? torn + " torn reads" : failures.get(0)));
        }
        return ExitCode.OK.code();
    }

    /** Starts this tool again as a child JVM running one of the hidden demo commands. */
    private static Process start(Path dir, String... command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx64m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(Main.class.getName());
        cmd.add("--dir");
        cmd.add(dir.toString());
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The jar (or classes directory) this code was loaded from; the JVM's class path when that is unknown. */
    private static String classPath() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path p = Paths.get(source.getLocation().toURI());
                if (Files.isRegularFile(p)) {
                    return p.toString();
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // fall back to the class path
        }
        return System.getProperty("java.class.path");
    }

    /** Copies a child's output to ours and records what the summary needs. */
    private Thread pump(Process p, PrintWriter out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    record(line);
                    out.println(line);
                }
            } catch (IOException e) {
                // the child's output ended abnormally; what it printed is recorded, its exit code tells the rest
            }
        }, "demo-output-" + p.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void record(String line) {
        synchronized (published) {
            Matcher m = MASTER_LINE.matcher(line);
            if (m.matches()) {
                published.put(Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)));
                return;
            }
            m = MASTER_DONE.matcher(line);
            if (m.matches()) {
                masterLast = Long.parseLong(m.group(3));
                return;
            }
            m = FOLLOWER_LINE.matcher(line);
            if (m.matches()) {
                if (m.group(3) == null) {
                    tornLines.add(line);
                } else {
                    reads.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
                }
                return;
            }
            m = FOLLOWER_DONE.matcher(line);
            if (m.matches()) {
                followerDone.put(Long.parseLong(m.group(1)), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(4))});
            }
        }
    }

    private static void stopAll(List<Process> children, Path dir) {
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : children) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temporary file is not worth failing the demo
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
