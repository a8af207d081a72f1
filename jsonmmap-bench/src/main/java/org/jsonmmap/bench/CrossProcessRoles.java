package org.jsonmmap.bench;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jsonmmap.IdleStrategy;
import org.jsonmmap.ReaderOptions;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Subscription;
import org.jsonmmap.internal.RegionBuffer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The child JVMs of {@link CrossProcess}. They hand off through files in a shared scratch directory:
 * a reader creates {@code ready-N} when it is listening, whoever finishes the measurement creates
 * {@code done}, and each writes its figures as JSON to the file it was given.
 */
final class CrossProcessRoles {
    private static final String REGION = "latency";
    /* the hand-written seqlock of the floor: sequence, tag (publish time), length, then the payload */
    private static final int SEQ = 0;
    private static final int TAG = 8;
    private static final int LENGTH = 16;
    private static final int PAYLOAD = 64;

    private CrossProcessRoles() {
    }

    /** The roles that are neither a paced writer nor a sampling reader (see {@link Roles}). */
    static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[1]);
        switch (args[0]) {
            case "ours-subscriber":
                oursSubscriber(dir, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]), Paths.get(args[6]));
                break;
            case "tp-writer":
                throughputWriter(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Paths.get(args[4]));
                break;
            case "busy-reader":
                busyReader(dir, Integer.parseInt(args[2]), Boolean.parseBoolean(args[3]), Paths.get(args[4]));
                break;
            default:
                throw new IllegalArgumentException("unknown role '" + args[0] + "'");
        }
    }

    /**
     * Publishes the 1 KiB tree every period, tagged with System.nanoTime() taken just before publish();
     * records how long each publish() call takes (serialization included).
     */
    static void oursWriter(Path dir, long periodNanos, Path out) throws Exception {
        ObjectNode tree = Documents.tree(Documents.Size.S1K);
        Latencies publishCalls = new Latencies();
        try (RegionWriter writer = Region.named(REGION, dir).openWriter()) {
            writer.publish(tree, 0);
            Roles.everyPeriodUntilDone(dir, periodNanos, (tag, round) -> {
                writer.publish(tree, tag);
                publishCalls.record(System.nanoTime() - tag);
            });
        }
        Documents.mapper().writeValue(out.toFile(), publishCalls.toJson());
    }

    /** Subscribes, records tag-to-value-in-hand latency, then (if asked) the CPU it burns while idle. */
    private static void oursSubscriber(Path dir, String strategy, int warmup, int samples, int idleSeconds, Path out)
            throws IOException, InterruptedException {
        IdleStrategy idle = strategy.equals("busy") ? IdleStrategy.busySpin() : IdleStrategy.defaults();
        Latencies latencies = new Latencies();
        CountDownLatch finished = new CountDownLatch(1);
        int[] seen = {0};
        try (RegionReader reader = Region.named(REGION, dir).awaitCreation(Duration.ofSeconds(60),
                ReaderOptions.defaults().withIdleStrategy(idle));
             Subscription sub = reader.subscribe(v -> {
                 long now = System.nanoTime();
                 if (v.tag() == 0 || seen[0] >= warmup + samples) {
                     return;
                 }
                 if (++seen[0] > warmup) {
                     latencies.record(now - v.tag());
                 }
                 if (seen[0] == warmup + samples) {
                     finished.countDown();
                 }
             })) {
            CrossProcess.touch(dir.resolve("ready-0"));
            if (!finished.await(150, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + seen[0] + " of " + (warmup + samples) + " versions arrived");
            }
            CrossProcess.touch(dir.resolve("done"));
            ObjectNode result = latencies.toJson();
            result.put("idleStrategy", idle.toString());
            if (idleSeconds > 0) {
                Thread.sleep(1000);
                result.set("idle", idleCpu(sub, idleSeconds));
            }
            Documents.mapper().writeValue(out.toFile(), result);
        }
    }

    /**
     * CPU used over a window by the subscription thread (ThreadMXBean) and by the whole JVM (/proc/self/stat),
     * and, for comparison, by a bare thread that only calls {@code parkNanos} with the default ceiling.
     */
    private static ObjectNode idleCpu(Subscription sub, int seconds) throws IOException, InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long id = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jsonmmap-subscriber-"))
                .findFirst().orElseThrow().getId();
        long wall0 = System.nanoTime();
        long thread0 = mx.getThreadCpuTime(id);
        long process0 = processCpuTicks();
        Thread.sleep(seconds * 1000L);
        long wall = System.nanoTime() - wall0;
        long thread = mx.getThreadCpuTime(id) - thread0;
        long process = processCpuTicks() - process0;
        long[] bare = {0, 0};
        Thread parker = new Thread(() -> {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long cpu0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(IdleStrategy.DEFAULT_MAX_PARK.toNanos());
            }
            bare[0] = mx.getCurrentThreadCpuTime() - cpu0;
            bare[1] = System.nanoTime() - w0;
        }, "bare-parker");
        parker.start();
        parker.join();
        ObjectNode o = Documents.mapper().createObjectNode();
        o.put("seconds", wall / 1e9);
        o.put("subscriberThreadCpuPercent", 100.0 * thread / wall);
        o.put("bareParkLoopCpuPercent", 100.0 * bare[0] / bare[1]);
        // clock ticks of 10 ms (USER_HZ = 100 on Linux)
        o.put("processCpuPercent", 100.0 * process * 10_000_000L / wall);
        o.put("subscriptionActive", sub.isActive());
        return o;
    }

    private static long processCpuTicks() throws IOException {
        String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command come state (field 3) ...; utime and stime are fields 14 and 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The floor's writer: the same bytes through a minimal seqlock, tagged the same way. */
    static void seqlockWriter(Path dir, long periodNanos) throws Exception {
        byte[] json = Documents.bytes(Documents.Size.S1K);
        Path file = dir.resolve("seqlock");
        Path tmp = dir.resolve("seqlock.tmp");
        Files.write(tmp, new byte[PAYLOAD + json.length]);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        RegionBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            buf = new RegionBuffer(ch.map(FileChannel.MapMode.READ_WRITE, 0, PAYLOAD + json.length));
        }
        Roles.everyPeriodUntilDone(dir, periodNanos, (tag, round) -> {
            long seq = 2 * round;
            buf.putLongPlain(SEQ, seq + 1);
            // the odd sequence is visible before any of the new content
            VarHandle.storeStoreFence();
            buf.putLongPlain(TAG, tag);
            buf.putLongPlain(LENGTH, json.length);
            buf.putBytesPlain(PAYLOAD, json, 0, json.length);
            // release: the content is complete before the sequence turns even
            buf.putLongRelease(SEQ, seq + 2);
        });
    }

    /** The floor's reader: busy-spins on the sequence, copies, validates, parses; records with and without the parse. */
    static void seqlockReader(Path dir, int warmup, int samples, Path out) throws IOException {
        Path file = dir.resolve("seqlock");
        CrossProcess.waitForFile(file);
        RegionBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            buf = new RegionBuffer(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
        }
        byte[] copy = new byte[(int) buf.length() - PAYLOAD];
        Latencies withParse = new Latencies();
        Latencies copyOnly = new Latencies();
        Latencies parseOnly = new Latencies();
        CrossProcess.touch(dir.resolve("ready-0"));
        long last = 0;
        int seen = 0;
        long sink = 0;
        while (seen < warmup + samples) {
            long seq = buf.getLongAcquire(SEQ);
            if (seq == last || (seq & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long tag = buf.getLongPlain(TAG);
            int length = (int) buf.getLongPlain(LENGTH);
            buf.getBytesPlain(PAYLOAD, copy, 0, length);
            // the loads of the copy complete before the sequence is loaded again
            VarHandle.loadLoadFence();
            if (buf.getLongAcquire(SEQ) != seq) {
                continue;
            }
            long copied = System.nanoTime();
            JsonNode tree = Documents.parse(copy, 0, length);
            long parsed = System.nanoTime();
            sink += tree.size();
            last = seq;
            if (++seen > warmup) {
                copyOnly.record(copied - tag);
                withParse.record(parsed - tag);
                parseOnly.record(parsed - copied);
            }
        }
        CrossProcess.touch(dir.resolve("done"));
        ObjectNode result = withParse.toJson();
        result.set("copyOnly", copyOnly.toJson());
        result.set("parseOnly", parseOnly.toJson());
        result.put("sink", sink);
        Documents.mapper().writeValue(out.toFile(), result);
    }

    /** Publishes the 1 KiB tree as fast as it can once every busy reader is ready; reports publishes per second. */
    private static void throughputWriter(Path dir, int readers, int seconds, Path out) throws IOException {
        ObjectNode tree = Documents.tree(Documents.Size.S1K);
        try (RegionWriter writer = Region.named(REGION, dir).openWriter()) {
            writer.publish(tree);
            for (int i = 0; i < readers; i++) {
                CrossProcess.waitForFile(dir.resolve("ready-" + i));
            }
            publishFor(writer, tree, TimeUnit.SECONDS.toNanos(1));
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long count = publishFor(writer, tree, TimeUnit.SECONDS.toNanos(seconds));
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double elapsed = (System.nanoTime() - start) / 1e9;
            CrossProcess.touch(dir.resolve("done"));
            ObjectNode result = Documents.mapper().createObjectNode();
            result.put("readers", readers);
            result.put("publishes", count);
            result.put("seconds", elapsed);
            result.put("cpuSeconds", cpu);
            result.put("publishesPerSecond", count / elapsed);
            // per second of the writer thread's own CPU time: what other processes on the machine take
            // from the writer's core does not count, what the readers cost it in cache misses does
            result.put("publishesPerCpuSecond", count / cpu);
            Documents.mapper().writeValue(out.toFile(), result);
        }
    }

    private static long publishFor(RegionWriter writer, ObjectNode tree, long nanos) {
        long end = System.nanoTime() + nanos;
        long count = 0;
        do {
            for (int i = 0; i < 64; i++) {
                writer.publish(tree);
            }
            count += 64;
        } while (System.nanoTime() < end);
        return count;
    }

    /**
     * Calls get() in a tight loop until the writer is done, counting calls and distinct versions; with
     * {@code pollOnly}, calls only version(), which loads the commit word and never copies a document.
     */
    private static void busyReader(Path dir, int id, boolean pollOnly, Path out) throws IOException {
        try (RegionReader reader = Region.named(REGION, dir).awaitCreation(Duration.ofSeconds(60))) {
            // the file can exist before the writer's first publish
            reader.awaitChange(0, Duration.ofSeconds(60));
            reader.get();
            CrossProcess.touch(dir.resolve("ready-" + id));
            Path done = dir.resolve("done");
            long gets = 0;
            long versions = 0;
            long lastVersion = 0;
            JsonNode lastTree = null;
            while (true) {
                for (int i = 0; i < 4096; i++) {
                    if (pollOnly) {
                        long v = reader.version();
                        if (v != lastVersion) {
                            lastVersion = v;
                            versions++;
                        }
                    } else {
                        // the cached tree is the same object until a new version is read
                        JsonNode tree = reader.get().orElseThrow();
                        if (tree != lastTree) {
                            lastTree = tree;
                            versions++;
                        }
                    }
                }
                gets += 4096;
                if (Files.exists(done)) {
                    break;
                }
            }
            ObjectNode result = Documents.mapper().createObjectNode();
            result.put("gets", gets);
            result.put("versionsSeen", versions);
            Documents.mapper().writeValue(out.toFile(), result);
        }
    }
}
