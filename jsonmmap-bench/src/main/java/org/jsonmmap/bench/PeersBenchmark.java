package org.jsonmmap.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.map.ChronicleMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figure 8, the raw write path beside the peers, in one JVM (with the peers' flags): jsonmmap's
 * {@code publishJson(byte[])} (validate, one copy with the CRC, commit) against Chronicle Map's {@code put} of
 * the same bytes into a persisted map and Agrona's broadcast {@code transmit}; the bare validation pass; and
 * Chronicle Map's {@code getUsing} into a reused array beside jsonmmap's {@code rawSnapshot()} after a change.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsPrepend = {
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PeersBenchmark {
    /** Document size label. */
    @Param({"1KiB", "64KiB", "1MiB"})
    public String size;

    private BenchRegion scratch;
    private RegionWriter writer;
    private byte[] json;
    private byte[] using;
    private ChronicleMap<Integer, byte[]> map;
    private BroadcastTransmitter transmitter;
    private UnsafeBuffer message;

    /** Opens the writer (slots sized for the document), the persisted map and the broadcast buffer. */
    @Setup
    public void setUp() throws Exception {
        json = Documents.bytes(Documents.Size.of(size));
        using = new byte[json.length];
        scratch = BenchRegion.create("peers");
        writer = scratch.region().openWriter(WriterOptions.defaults().withInitialCapacity(json.length));
        writer.publishJson(json);
        Path dir = scratch.directory();
        map = Peers.chronicleMap(dir.resolve("chronicle.map").toFile(), json.length);
        map.put(Peers.KEY, json);
        transmitter = new BroadcastTransmitter(Peers.broadcastBuffer(dir.resolve("broadcast"), json.length, 16));
        message = new UnsafeBuffer(json);
    }

    /** Closes everything and deletes the scratch directory. */
    @TearDown
    public void tearDown() {
        writer.close();
        map.close();
        scratch.close();
    }

    /** @return the new version */
    @Benchmark
    public long jsonmmapPublishJson() {
        return writer.publishJson(json);
    }

    /** @return -1: the validation pass alone, what publishJson adds to a copy */
    @Benchmark
    public int jsonmmapValidateOnly() {
        return org.jsonmmap.internal.JsonValidator.check(json, 0, json.length, 1000, 1000);
    }

    /** @return the map (Chronicle Map's put of the same bytes into the persisted entry) */
    @Benchmark
    public Object chroniclePut() {
        map.put(Peers.KEY, json);
        return map;
    }

    /** @return the value read into the reused array */
    @Benchmark
    public byte[] chronicleGetUsing() {
        return map.getUsing(Peers.KEY, using);
    }

    /** @return the transmitter (Agrona's broadcast: a copy into the ring, no validation, no checksum) */
    @Benchmark
    public Object agronaTransmit() {
        transmitter.transmit(1, message, 0, json.length);
        return transmitter;
    }
}
