package org.jsonmmap.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.Scratch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Figures 5 and 6: cross-process latency and scaling, measured between real JVMs.
 *
 * <p>{@code CrossProcess run OUT.json [--quick]} runs every experiment in child JVMs started from this
 * jar, with their roles in {@link Roles}, and writes one JSON file:
 * <ul>
 * <li>latency, busy-spin subscriber: a writer JVM publishes the 1 KiB document every ~100 µs with
 *     {@code System.nanoTime()} as the version's tag; a subscriber JVM records tag to parsed value in hand;</li>
 * <li>its floor: a minimal seqlock over a mapped file moving the same bytes, the reader then parsing them
 *     with Jackson (the seqlock alone is recorded too);</li>
 * <li>the default (back-off) subscriber: latency, then the CPU it burns while nothing is published;</li>
 * <li>scaling: writer publish throughput with 0, 1 and 3 busy reader JVMs, in interleaved rounds.</li>
 * </ul>
 * With two or more CPUs, writers run on CPU 0 and readers on CPU 1 ({@code taskset}), so that the
 * experiments measure the sharing of memory, not a fight for one core.
 */
public final class CrossProcess {
    private static final long PERIOD_NANOS = 100_000;
    private static final long CHILD_TIMEOUT_SECONDS = 180;
    /* figure 10 runs its floors, breakdown and subscriber this many times, interleaved; the report takes medians */
    private static final int FUTEX_ROUNDS = 3;

    private final Path logDir;
    private final boolean pin;
    /* false: the next starts run where the scheduler puts them (figure 10's unpinned floor) */
    private boolean pinNextStarts = true;
    private int started;
    /* the JVM of the futex experiment (bench/run passes JDK 25 when it is there); flags of the next start */
    private final String futexJava = System.getProperty("bench.futexJava",
            Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    private String javaOfNextStarts;
    private List<String> flagsOfNextStarts = List.of();

    private CrossProcess(Path logDir) {
        this.logDir = logDir;
        this.pin = Runtime.getRuntime().availableProcessors() >= 2 && new File("/usr/bin/taskset").canExecute();
    }

    /**
     * Runs the experiments, or one child role.
     *
     * @param args {@code run OUT.json [--quick]}, or a role of {@link Roles}
     * @throws Exception if an experiment fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("run")) {
            boolean quick = false;
            int samples = 0;
            String only = null;
            for (int i = 2; i < args.length; i++) {
                if (args[i].equals("--quick")) {
                    quick = true;
                } else if (args[i].equals("--samples") && i + 1 < args.length) {
                    samples = Integer.parseInt(args[++i]);
                } else if (args[i].equals("--figure") && i + 1 < args.length) {
                    only = args[++i];
                }
            }
            Path out = Paths.get(args[1]).toAbsolutePath();
            Files.createDirectories(out.getParent());
            CrossProcess run = new CrossProcess(out.getParent());
            if ("10".equals(only)) {
                run.runFigure10(out, quick, samples);
            } else if (only != null) {
                throw new IllegalArgumentException("--figure: only figure 10 runs alone, not " + only);
            } else {
                run.runAll(out, quick, samples);
            }
        } else {
            Roles.main(args);
        }
    }

    private void runAll(Path out, boolean quick, int samplesWanted) throws Exception {
        // --samples N: fewer latency samples than the full run, for a machine too busy to publish 120,000
        // versions within a child's time limit (the writer paces itself at one per ~100 µs)
        int samples = samplesWanted > 0 ? samplesWanted : quick ? 5_000 : 100_000;
        int warmup = samplesWanted > 0 ? samplesWanted / 5 : quick ? 2_000 : 20_000;
        int backoffSamples = samplesWanted > 0 ? samplesWanted / 5 : quick ? 2_000 : 20_000;
        int idleSeconds = quick ? 2 : 5;
        int tpSeconds = quick ? 1 : 2;
        int rounds = quick ? 1 : 3;
        ObjectNode result = Documents.mapper().createObjectNode();
        result.put("pinned", pin);
        result.put("periodNanos", PERIOD_NANOS);
        result.put("documentBytes", Documents.bytes(Documents.Size.S1K).length);

        log("figure 5: busy-spin subscriber, " + samples + " samples");
        result.set("busySpin", latency("busy", warmup, samples, 0));
        save(out, result);
        log("figure 5: seqlock floor, " + samples + " samples");
        result.set("seqlock", seqlock(warmup, samples));
        save(out, result);
        log("figure 5: default back-off subscriber, polling (futex off), " + backoffSamples + " samples, then "
                + idleSeconds + " s idle");
        flagsOfNextStarts = List.of("-Djsonmmap.futex=false");
        result.set("backoff", latency("default", warmup / 4, backoffSamples, idleSeconds));
        save(out, result);
        flagsOfNextStarts = List.of();
        figure10(out, result, warmup / 4, backoffSamples, idleSeconds, quick ? 1 : FUTEX_ROUNDS);
        log("figure 9: raw publish → bytes in hand, busy-spin: jsonmmap raw path, " + samples + " samples");
        result.set("raw", peerLatency("raw", warmup, samples));
        save(out, result);
        flagsOfNextStarts = Peers.JVM_FLAGS;
        log("figure 9: Chronicle Map put → getUsing, " + samples + " samples");
        result.set("chronicle", peerLatency("chronicle", warmup, samples));
        save(out, result);
        log("figure 9: Agrona broadcast transmit → receive, " + samples + " samples");
        result.set("agrona", peerLatency("agrona", warmup, samples));
        save(out, result);
        flagsOfNextStarts = List.of();
        pythonIdle(result, idleSeconds);
        ObjectNode scaling = result.putObject("scaling");
        // "3poll": a control, three readers that only poll version() (the commit word) and never copy a document
        String[] configs = {"0", "1", "3", "3poll"};
        for (String config : configs) {
            scaling.putArray(config);
        }
        // rounds interleave the configurations, so that a burst of other work on the machine hits one
        // round of each rather than all of one configuration
        for (int round = 1; round <= rounds; round++) {
            for (String config : configs) {
                log("figure 6: round " + round + " of " + rounds + ", publish throughput, readers: " + config);
                boolean pollOnly = config.endsWith("poll");
                int readers = Integer.parseInt(config.replace("poll", ""));
                ((ArrayNode) scaling.get(config)).add(throughput(readers, pollOnly, tpSeconds));
            }
        }
        Documents.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    }

    /** Figure 10 alone ({@code --figure 10}): its floors, our path in pieces, the subscriber, idle CPU. */
    private void runFigure10(Path out, boolean quick, int samplesWanted) throws Exception {
        int samples = samplesWanted > 0 ? samplesWanted : quick ? 2_000 : 20_000;
        int idleSeconds = quick ? 2 : 5;
        ObjectNode result = Documents.mapper().createObjectNode();
        result.put("pinned", pin);
        result.put("periodNanos", PERIOD_NANOS);
        result.put("documentBytes", Documents.bytes(Documents.Size.S1K).length);
        figure10(out, result, samples / 5, samples, idleSeconds, quick ? 1 : FUTEX_ROUNDS);
        pythonIdle(result, idleSeconds);
        save(out, result);
    }

    /**
     * Figure 10 in interleaved rounds, all on the futex JVM: the bare cross-process futex wake pinned as the
     * other experiments pin (writer CPU 0, waiter CPU 1) and unpinned; our path in pieces (awaitChange,
     * rawSnapshot, parse); and the default subscriber (publish to parsed value in hand), pinned and not. The last round's
     * subscriber also measures idle CPU and gives the plot its curve.
     */
    private void figure10(Path out, ObjectNode result, int warmup, int samples, int idleSeconds, int rounds)
            throws Exception {
        ObjectNode f10 = result.putObject("futexRounds");
        String[] series = {"barePinned", "bareUnpinned", "await", "subscriber", "subscriberUnpinned"};
        for (String s : series) {
            f10.putArray(s);
        }
        javaOfNextStarts = futexJava;
        try {
            for (int round = 1; round <= rounds; round++) {
                String of = "figure 10: round " + round + " of " + rounds + " (" + futexJava + "), " + samples
                        + " samples: ";
                log(of + "bare futex wake, writer CPU 0, waiter CPU 1");
                ((ArrayNode) f10.get("barePinned")).add(withoutCurves(futexFloor(warmup, samples, true)));
                log(of + "bare futex wake, not pinned");
                ((ArrayNode) f10.get("bareUnpinned")).add(withoutCurves(futexFloor(warmup, samples, false)));
                log(of + "our path in pieces: awaitChange, rawSnapshot, parse");
                ((ArrayNode) f10.get("await")).add(withoutCurves(futexAwait(warmup, samples)));
                boolean last = round == rounds;
                log(of + "default subscriber with futex wake-ups" + (last ? ", then " + idleSeconds + " s idle" : ""));
                JsonNode sub = latency("default", warmup, samples, last ? idleSeconds : 0);
                ((ArrayNode) f10.get("subscriber")).add(withoutCurves(sub.deepCopy()));
                if (last) {
                    result.set("futex", sub);
                }
                log(of + "default subscriber with futex wake-ups, not pinned");
                pinNextStarts = false;
                try {
                    ((ArrayNode) f10.get("subscriberUnpinned")).add(withoutCurves(latency("default", warmup, samples, 0)));
                } finally {
                    pinNextStarts = true;
                }
                save(out, result);
            }
        } finally {
            javaOfNextStarts = null;
        }
    }

    /** The rounds keep their summaries; the plot takes its curve from the last round's subscriber. */
    private static JsonNode withoutCurves(JsonNode n) {
        if (n instanceof ObjectNode) {
            ((ObjectNode) n).remove("curve");
            for (JsonNode child : n) {
                withoutCurves(child);
            }
        }
        return n;
    }

    private JsonNode futexFloor(int warmup, int samples, boolean pinned) throws Exception {
        Path dir = BenchRegion.scratchDirectory();
        boolean pinBefore = pinNextStarts;
        pinNextStarts = pinned;
        try {
            Path out = dir.resolve("floor-waiter.json");
            Path writerOut = dir.resolve("floor-writer.json");
            Process writer = start(0, "futex-floor-writer", dir, PERIOD_NANOS, writerOut);
            Process waiter = start(1, "futex-floor-waiter", dir, warmup, samples, out);
            ObjectNode result = readerFigures("futex floor", writer, waiter, out, writerOut, "wakeCall");
            result.put("pinned", pin && pinned);
            return result;
        } finally {
            pinNextStarts = pinBefore;
            Scratch.deleteTree(dir);
        }
    }

    private JsonNode futexAwait(int warmup, int samples) throws Exception {
        Path dir = BenchRegion.scratchDirectory();
        try {
            Path out = dir.resolve("await-reader.json");
            Path writerOut = dir.resolve("writer.json");
            Process writer = start(0, "ours-writer", dir, PERIOD_NANOS, writerOut);
            Process reader = start(1, "futex-await-reader", dir, warmup, samples, out);
            return readerFigures("futex await", writer, reader, out, writerOut, "publishCall");
        } finally {
            Scratch.deleteTree(dir);
        }
    }

    private void pythonIdle(ObjectNode result, int idleSeconds) throws Exception {
        String root = System.getProperty("bench.root");
        if (root != null) {
            log("figure 10: idle Python follower, futex and polling, " + idleSeconds + " s each");
            ObjectNode py = result.putObject("pythonIdle");
            py.set("futex", pythonIdle(root, "futex", idleSeconds));
            py.set("poll", pythonIdle(root, "poll", idleSeconds));
        }
    }

    private JsonNode latency(String strategy, int warmup, int samples, int idleSeconds) throws Exception {
        Path dir = BenchRegion.scratchDirectory();
        try {
            Path out = dir.resolve("subscriber.json");
            Path writerOut = dir.resolve("writer.json");
            Process writer = start(0, "ours-writer", dir, PERIOD_NANOS, writerOut);
            Process reader = start(1, "ours-subscriber", dir, strategy, warmup, samples, idleSeconds, out);
            return readerFigures("ours " + strategy, writer, reader, out, writerOut, "publishCall");
        } finally {
            Scratch.deleteTree(dir);
        }
    }

    /** Writes what was measured so far, so that a later failure loses only the experiment that failed. */
    private static void save(Path out, ObjectNode result) throws IOException {
        Documents.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    }

    private JsonNode peerLatency(String peer, int warmup, int samples) throws Exception {
        Path dir = BenchRegion.scratchDirectory();
        try {
            Path out = dir.resolve(peer + "-reader.json");
            Path writerOut = dir.resolve(peer + "-writer.json");
            Process writer = peer.equals("raw") ? start(0, "raw-writer", dir, PERIOD_NANOS, writerOut)
                    : start(0, peer + "-writer", dir, PERIOD_NANOS);
            Process reader = start(1, peer + "-reader", dir, warmup, samples, out);
            return readerFigures(peer, writer, reader, out, writerOut, "publishCall");
        } finally {
            Scratch.deleteTree(dir);
        }
    }

    private JsonNode pythonIdle(String root, String mode, int seconds) throws Exception {
        Path log = logDir.resolve("python-idle-" + mode + ".log");
        Process p = new ProcessBuilder("python3", Paths.get(root, "bench", "python_idle.py").toString(), mode,
                String.valueOf(seconds)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await(p, "python idle " + mode);
        List<String> lines = Files.readAllLines(log);
        return Documents.mapper().readTree(lines.get(lines.size() - 1));
    }

    private JsonNode seqlock(int warmup, int samples) throws Exception {
        Path dir = BenchRegion.scratchDirectory();
        try {
            Path out = dir.resolve("seqlock.json");
            Process writer = start(0, "seqlock-writer", dir, PERIOD_NANOS);
            Process reader = start(1, "seqlock-reader", dir, warmup, samples, out);
            await(reader, "seqlock reader");
            await(writer, "seqlock writer");
            return Documents.mapper().readTree(out.toFile());
        } finally {
            Scratch.deleteTree(dir);
        }
    }

    private JsonNode throughput(int readers, boolean pollOnly, int seconds) throws Exception {
        Path dir = BenchRegion.scratchDirectory();
        try {
            Path out = dir.resolve("writer.json");
            Process writer = start(0, "tp-writer", dir, readers, seconds, out);
            List<Process> busy = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                busy.add(start(1, "busy-reader", dir, i, pollOnly, dir.resolve("reader-" + i + ".json")));
            }
            await(writer, "throughput writer");
            ObjectNode r = (ObjectNode) Documents.mapper().readTree(out.toFile());
            long reads = 0;
            long versionsSeen = 0;
            for (int i = 0; i < readers; i++) {
                await(busy.get(i), "busy reader " + i);
                JsonNode rr = Documents.mapper().readTree(dir.resolve("reader-" + i + ".json").toFile());
                reads += rr.get("gets").asLong();
                versionsSeen += rr.get("versionsSeen").asLong();
            }
            r.put("readerGets", reads);
            r.put("readerVersionsSeen", versionsSeen);
            return r;
        } finally {
            Scratch.deleteTree(dir);
        }
    }

    /**
     * Waits for a reader and its writer to finish; returns the reader's figures, with the writer's under
     * {@code writerKey} when the writer wrote any to {@code writerOut}.
     */
    private ObjectNode readerFigures(String name, Process writer, Process reader, Path out, Path writerOut,
            String writerKey) throws IOException, InterruptedException {
        await(reader, name + " reader");
        await(writer, name + " writer");
        ObjectNode result = (ObjectNode) Documents.mapper().readTree(out.toFile());
        if (Files.exists(writerOut)) {
            result.set(writerKey, Documents.mapper().readTree(writerOut.toFile()));
        }
        return result;
    }

    private Process start(int cpu, String role, Object... args) throws IOException {
        List<String> roleArgs = new ArrayList<>();
        roleArgs.add(role);
        for (Object a : args) {
            roleArgs.add(String.valueOf(a));
        }
        String ownJava = ChildJvm.javaBinary().toString();
        String java = javaOfNextStarts != null ? javaOfNextStarts : ownJava;
        List<String> jvmOptions = new ArrayList<>();
        // JDK 22+: native access for the futex layer (without it the core polls, as on JDK 17)
        if (!java.equals(ownJava) || Runtime.version().feature() >= 22) {
            jvmOptions.add("--enable-native-access=ALL-UNNAMED");
        }
        jvmOptions.addAll(flagsOfNextStarts);
        jvmOptions.add("-Xms256m");
        ChildJvm.Builder child;
        if (java.equals(ownJava)) {
            child = ChildJvm.java(CrossProcess.class, roleArgs.toArray(new String[0]))
                    .withoutSerialGc().heap("256m").jvmOptions(jvmOptions);
        } else {
            // another JDK (figure 10's futex experiment): the same command line, on that JDK's java
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.add("-Xmx256m");
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(CrossProcess.class.getName());
            cmd.addAll(roleArgs);
            child = ChildJvm.command(cmd);
        }
        Path log = logDir.resolve("cross-" + (++started) + "-" + role + ".log");
        return child.wrapper(pin && pinNextStarts ? List.of("taskset", "-c", String.valueOf(cpu)) : List.of())
                .label(role).mergeStderr().stdoutTo(log).start().process();
    }

    private void await(Process p, String what) throws InterruptedException {
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within " + CHILD_TIMEOUT_SECONDS + " s; see "
                    + logDir + "/cross-*.log");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + "; see " + logDir
                    + "/cross-*.log");
        }
    }

    private static void log(String line) {
        System.err.println("[cross-process] " + line);
    }

    static void waitForFile(Path file) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + file);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + file, e);
            }
        }
    }

    static void touch(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
