package org.jsonmmap.bench;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;

import org.jsonmmap.RawSnapshot;
import org.jsonmmap.ReaderOptions;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Versioned;
import org.jsonmmap.internal.Futex;
import org.jsonmmap.internal.RegionBuffer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The child JVMs of figure 10's floor and breakdown (JDK 22+ with native access, like the futex subscriber):
 * <ul>
 * <li>{@code futex-floor-writer} / {@code futex-floor-waiter}: the bare cross-process futex wake. Two JVMs map
 *     one small file; the writer stores {@code System.nanoTime()} and a new sequence (release), fences and calls
 *     {@code FUTEX_WAKE} through the core's own {@link Futex} (the Foreign Function API); the waiter sleeps in
 *     {@code FUTEX_WAIT} with nothing else to do, and records tag to return. Nothing of jsonmmap's protocol,
 *     no serialization, no parse: what this machine's kernel and scheduler give a sleeping thread.</li>
 * <li>{@code futex-await-reader}: our path cut in pieces, against the ordinary {@code ours-writer}: tag (taken
 *     before {@code publish(tree)}) to {@code awaitChange} returning (the publish call, the wake, the return),
 *     then {@code rawSnapshot()} (copy and check), then the parse ({@code snapshot()} of the same version).</li>
 * </ul>
 */
final class FutexRoles {
    /* the floor's file: the sequence (its low half is the futex word, as in a region), then the tag */
    private static final int SEQ = 0;
    private static final int TAG = 8;
    private static final int FILE_SIZE = 4096;
    private static final long SLEEP_BOUND_NANOS = 1_000_000_000L;

    private FutexRoles() {
    }

    private static Futex futex() {
        Futex f = Futex.get();
        if (!f.available()) {
            throw new IllegalStateException("figure 10's floor needs the futex: " + f.description());
        }
        return f;
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE);
        }
    }

    /** Every period: tag, new sequence (release), full fence, FUTEX_WAKE; records how long the wake call takes. */
    static void floorWriter(Path dir, long periodNanos, Path out) throws Exception {
        Futex futex = futex();
        Path file = dir.resolve("futex-floor");
        Path tmp = dir.resolve("futex-floor.tmp");
        Files.write(tmp, new byte[FILE_SIZE]);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        MappedByteBuffer mapping = map(file);
        RegionBuffer buf = new RegionBuffer(mapping);
        Futex.Word word = futex.word(mapping, SEQ);
        Latencies wakeCalls = new Latencies();
        Roles.everyPeriodUntilDone(dir, periodNanos, (tag, round) -> {
            buf.putLongPlain(TAG, tag);
            // release: the tag is visible before the new sequence
            buf.putLongRelease(SEQ, round + 1);
            // StoreLoad, as our writer's wake check has (it costs the same here)
            VarHandle.fullFence();
            long t = System.nanoTime();
            word.wakeAll();
            wakeCalls.record(System.nanoTime() - t);
        });
        Documents.mapper().writeValue(out.toFile(), wakeCalls.toJson());
    }

    /** Sleeps in FUTEX_WAIT until the sequence moves; records tag to the return of the wait. */
    static void floorWaiter(Path dir, int warmup, int samples, Path out) throws IOException {
        Futex futex = futex();
        Path file = dir.resolve("futex-floor");
        CrossProcess.waitForFile(file);
        MappedByteBuffer mapping = map(file);
        RegionBuffer buf = new RegionBuffer(mapping);
        Futex.Word word = futex.word(mapping, SEQ);
        Latencies latencies = new Latencies();
        long seen = buf.getLongAcquire(SEQ);
        int slept = 0;
        CrossProcess.touch(dir.resolve("ready-0"));
        for (int n = 0; n < warmup + samples; n++) {
            long s;
            boolean sleptThisTime = false;
            while ((s = buf.getLongAcquire(SEQ)) == seen) {
                word.waitWhileEquals((int) seen, SLEEP_BOUND_NANOS);
                sleptThisTime = true;
            }
            long now = System.nanoTime();
            long tag = buf.getLongPlain(TAG);
            seen = s;
            if (n >= warmup) {
                latencies.record(now - tag);
                slept += sleptThisTime ? 1 : 0;
            }
        }
        CrossProcess.touch(dir.resolve("done"));
        ObjectNode result = latencies.toJson();
        result.put("slept", slept);
        Documents.mapper().writeValue(out.toFile(), result);
    }

    /**
     * Our path in pieces, with the default idle strategy (it sleeps on the futex between versions): tag to
     * {@code awaitChange} returning; {@code rawSnapshot()}; the parse of the same version; and the total.
     */
    static void awaitReader(Path dir, int warmup, int samples, Path out) throws IOException {
        Latencies woken = new Latencies();
        Latencies snapshot = new Latencies();
        Latencies parse = new Latencies();
        Latencies total = new Latencies();
        long sink = 0;
        try (RegionReader reader = Region.named("latency", dir).awaitCreation(Duration.ofSeconds(60),
                ReaderOptions.defaults())) {
            CrossProcess.touch(dir.resolve("ready-0"));
            long v = reader.version();
            int n = 0;
            while (n < warmup + samples) {
                OptionalLong next = reader.awaitChange(v, Duration.ofSeconds(30));
                long t1 = System.nanoTime();
                if (next.isEmpty()) {
                    throw new IllegalStateException("no version after " + v + " within 30 s");
                }
                RawSnapshot raw = reader.rawSnapshot().orElseThrow();
                long t2 = System.nanoTime();
                Versioned<JsonNode> parsed = reader.snapshot().orElseThrow();
                long t3 = System.nanoTime();
                sink += parsed.value().size();
                v = raw.version();
                if (raw.tag() == 0 || parsed.version() != v) {
                    continue; // the writer's first version, or a newer one between the two reads
                }
                if (++n > warmup) {
                    woken.record(t1 - raw.tag());
                    snapshot.record(t2 - t1);
                    parse.record(t3 - t2);
                    total.record(t3 - raw.tag());
                }
            }
        }
        CrossProcess.touch(dir.resolve("done"));
        ObjectNode result = total.toJson();
        result.set("awaitReturned", woken.toJson());
        result.set("rawSnapshot", snapshot.toJson());
        result.set("parse", parse.toJson());
        result.put("sink", sink);
        Documents.mapper().writeValue(out.toFile(), result);
    }
}
