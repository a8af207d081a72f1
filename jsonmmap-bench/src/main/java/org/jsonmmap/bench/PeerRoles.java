package org.jsonmmap.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import net.openhft.chronicle.map.ChronicleMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastReceiver;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;
import org.jsonmmap.RawSnapshot;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;

import tools.jackson.databind.node.ObjectNode;

/**
 * Child JVMs of figure 9, raw publish → observe across processes, 1 KiB, busy-spin reader, no parse: jsonmmap's
 * raw path ({@code publishJson(byte[], tag)} then {@code rawSnapshot()}), Chronicle Map ({@code put} then
 * {@code getUsing} into a reused array, the tag in the value's first 8 bytes) and Agrona's broadcast
 * ({@code transmit}, {@code CopyBroadcastReceiver}, the tag in the message's first 8 bytes). The writer takes
 * {@code System.nanoTime()} just before its call; the reader records the time when the new bytes are in hand.
 * Hand-off through files as in {@link CrossProcessRoles}.
 */
final class PeerRoles {
    private static final String REGION = "raw";
    /* a ring of about 1 MiB: a reader descheduled for ~100 ms on a busy machine is not lapped */
    private static final int RING_MESSAGES = 1024;

    private PeerRoles() {
    }

    /** Publishes the 1 KiB document's bytes every period through the raw path; records each call's time. */
    static void rawWriter(Path dir, long periodNanos, Path out) throws Exception {
        byte[] json = Documents.bytes(Documents.Size.S1K);
        Latencies calls = new Latencies();
        try (RegionWriter writer = Region.named(REGION, dir).openWriter(
                WriterOptions.defaults().withInitialCapacity(json.length))) {
            writer.publishJson(json, 0);
            Roles.everyPeriodUntilDone(dir, periodNanos, (tag, round) -> {
                writer.publishJson(json, tag);
                calls.record(System.nanoTime() - tag);
            });
        }
        Documents.mapper().writeValue(out.toFile(), calls.toJson());
    }

    /** Busy-spins on the commit word; on a change takes the raw snapshot (validated bytes with their tag). */
    static void rawReader(Path dir, int warmup, int samples, Path out) throws IOException {
        Latencies latencies = new Latencies();
        long sink = 0;
        try (RegionReader reader = Region.named(REGION, dir).awaitCreation(Duration.ofSeconds(60))) {
            long last = reader.version();
            CrossProcess.touch(dir.resolve("ready-0"));
            int seen = 0;
            while (seen < warmup + samples) {
                long v = reader.version();
                if (v == last) {
                    Thread.onSpinWait();
                    continue;
                }
                RawSnapshot s = reader.rawSnapshot().orElseThrow();
                long now = System.nanoTime();
                last = s.version();
                sink += s.length();
                if (s.tag() != 0 && ++seen > warmup) {
                    latencies.record(now - s.tag());
                }
            }
        }
        CrossProcess.touch(dir.resolve("done"));
        ObjectNode result = latencies.toJson();
        result.put("sink", sink);
        Documents.mapper().writeValue(out.toFile(), result);
    }

    private static byte[] tagged(byte[] json) {
        byte[] value = new byte[8 + json.length];
        System.arraycopy(json, 0, value, 8, json.length);
        return value;
    }

    private static void putTag(byte[] value, long tag) {
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).putLong(0, tag);
    }

    private static long tagOf(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    static void chronicleWriter(Path dir, long periodNanos) throws Exception {
        byte[] value = tagged(Documents.bytes(Documents.Size.S1K));
        try (ChronicleMap<Integer, byte[]> map = Peers.chronicleMap(dir.resolve("chronicle.map").toFile(), value.length)) {
            map.put(Peers.KEY, value);
            CrossProcess.touch(dir.resolve("created"));
            Roles.everyPeriodUntilDone(dir, periodNanos, (tag, round) -> {
                putTag(value, tag);
                map.put(Peers.KEY, value);
            });
        }
    }

    static void chronicleReader(Path dir, int warmup, int samples, Path out) throws IOException {
        CrossProcess.waitForFile(dir.resolve("created"));
        Latencies latencies = new Latencies();
        byte[] using = tagged(Documents.bytes(Documents.Size.S1K));
        try (ChronicleMap<Integer, byte[]> map = Peers.chronicleMap(dir.resolve("chronicle.map").toFile(), using.length)) {
            long last = tagOf(map.getUsing(Peers.KEY, using));
            CrossProcess.touch(dir.resolve("ready-0"));
            int seen = 0;
            while (seen < warmup + samples) {
                byte[] v = map.getUsing(Peers.KEY, using);
                long now = System.nanoTime();
                long tag = tagOf(v);
                if (tag == last) {
                    Thread.onSpinWait();
                    continue;
                }
                last = tag;
                if (++seen > warmup) {
                    latencies.record(now - tag);
                }
            }
        }
        CrossProcess.touch(dir.resolve("done"));
        Documents.mapper().writeValue(out.toFile(), latencies.toJson());
    }

    static void agronaWriter(Path dir, long periodNanos) throws Exception {
        byte[] value = tagged(Documents.bytes(Documents.Size.S1K));
        UnsafeBuffer message = new UnsafeBuffer(value);
        BroadcastTransmitter tx = new BroadcastTransmitter(Peers.broadcastBuffer(dir.resolve("broadcast.tmp"), value.length, RING_MESSAGES));
        Files.move(dir.resolve("broadcast.tmp"), dir.resolve("broadcast"));
        Roles.everyPeriodUntilDone(dir, periodNanos, (tag, round) -> {
            message.putLong(0, tag, ByteOrder.LITTLE_ENDIAN);
            tx.transmit(1, message, 0, value.length);
        });
    }

    static void agronaReader(Path dir, int warmup, int samples, Path out) throws IOException {
        Path file = dir.resolve("broadcast");
        CrossProcess.waitForFile(file);
        int length = 8 + Documents.bytes(Documents.Size.S1K).length;
        UnsafeBuffer ring = Peers.broadcastBuffer(file, length, RING_MESSAGES);
        CopyBroadcastReceiver rx = new CopyBroadcastReceiver(new BroadcastReceiver(ring));
        Latencies latencies = new Latencies();
        byte[] copy = new byte[length];
        int[] seen = {0};
        int laps = 0;
        CrossProcess.touch(dir.resolve("ready-0"));
        while (seen[0] < warmup + samples) {
            int n;
            try {
                n = rx.receive((type, buffer, index, len) -> {
                    buffer.getBytes(index, copy, 0, len);
                    long now = System.nanoTime();
                    if (++seen[0] > warmup) {
                        latencies.record(now - buffer.getLong(index, ByteOrder.LITTLE_ENDIAN));
                    }
                });
            } catch (IllegalStateException lapped) {
                // descheduled long enough for the writer to lap the ring (a busy machine): start again at the
                // latest message; what was missed is not sampled, and the laps are reported
                laps++;
                rx = new CopyBroadcastReceiver(new BroadcastReceiver(ring));
                continue;
            }
            if (n == 0) {
                Thread.onSpinWait();
            }
        }
        CrossProcess.touch(dir.resolve("done"));
        ObjectNode result = latencies.toJson();
        result.put("laps", laps);
        Documents.mapper().writeValue(out.toFile(), result);
    }
}
