package org.jsonmmap.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import org.jsonmmap.cli.CliException;
import org.jsonmmap.cli.ExitCode;
import org.jsonmmap.cli.Main;
import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.Scratch;

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
        Scratch dir = Scratch.create("demo");
        List<ChildJvm> children = new CopyOnWriteArrayList<>();
        Thread cleanup = new Thread(() -> stopAll(children, dir), "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            out.println("demo: region '" + REGION + "' in " + dir + "; 1 master, " + followers + " followers, "
                    + seconds + "s");
            for (int i = 0; i < followers; i++) {
                children.add(start(dir.path(), out, "demo-follower", REGION));
            }
            ChildJvm master = start(dir.path(), out, "demo-master", REGION, "--seconds", String.valueOf(seconds));
            children.add(master);
            Integer masterExit = master.exitWithin(Duration.ofSeconds(seconds + GRACE_SECONDS));
            if (masterExit == null) {
                throw new CliException(ExitCode.FAILURE, "demo: the master (pid " + master.pid() + ") did not finish"
                        + " within " + (seconds + GRACE_SECONDS) + "s");
            }
            // closing a follower's standard input tells it to read the latest version one last time and stop
            List<ChildJvm> followerProcesses = children.subList(0, followers);
            for (ChildJvm p : followerProcesses) {
                p.stdin().close();
            }
            List<String> failures = new ArrayList<>();
            if (masterExit != 0) {
                failures.add("the master (pid " + master.pid() + ") exited with " + masterExit);
            }
            for (ChildJvm p : followerProcesses) {
                Integer exit = p.exitWithin(Duration.ofSeconds(GRACE_SECONDS));
                if (exit == null) {
                    failures.add("follower " + p.pid() + " did not stop within " + GRACE_SECONDS + "s");
                } else if (exit != 0) {
                    failures.add("follower " + p.pid() + " exited with " + exit);
                }
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

    private int summarize(PrintWriter out, List<ChildJvm> followerProcesses, List<String> failures) {
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
            for (ChildJvm p : followerProcesses) {
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

    /**
     * Starts this tool again as a child JVM running one of the hidden demo commands; its output is copied to ours
     * and recorded for the summary.
     */
    private ChildJvm start(Path dir, PrintWriter out, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString()));
        args.addAll(List.of(command));
        return ChildJvm.java(Main.class, args.toArray(new String[0])).classPath(classPath()).heap("64m")
                .jvmOptions("-XX:TieredStopAtLevel=1").inheritStderr()
                .onLine(line -> {
                    record(line);
                    out.println(line);
                })
                .start();
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

    private static void stopAll(List<ChildJvm> children, Scratch dir) {
        children.forEach(ChildJvm::close);
        try {
            dir.close();
        } catch (UncheckedIOException e) {
            // a leftover temporary file is not worth failing the demo
        }
    }
}
