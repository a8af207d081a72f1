package org.jsonmmap.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.Scratch;
import org.jsonmmap.testkit.ZooKeeperServer;
import org.jsonmmap.zookeeper.BridgeListener;
import org.jsonmmap.zookeeper.ZooKeeperBridge;
import org.jsonmmap.zookeeper.ZooKeeperOptions;

/**
 * The figures of docs/BENCHMARKS.md, section "Across machines": a real ZooKeeper server on 127.0.0.1, the bridge
 * mirroring one znode into a region, and a reader process. A benchmark program, not a test: run it with
 * {@code bench/zookeeper}. Every loop is bounded in count and time (300 updates, then 3 x 2 rounds of 3 s of reads).
 */
public final class ZooKeeperBench {
    private static final int UPDATES = 300;
    private static final long READ_SECONDS = 3;

    private ZooKeeperBench() {
    }

    /**
     * Runs the benchmark and prints its {@code BENCH} lines.
     *
     * @param args none
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        try (Scratch scratch = Scratch.create("zk-bench");
                ZooKeeperServer server = ZooKeeperServer.start();
                CuratorFramework editor = client(server.connectString())) {
            String znode = "/bench/config";
            String padding = "x".repeat(900);
            editor.create().creatingParentsIfNeeded().forPath(znode, utf8("{\"seq\":-1,\"pad\":\"" + padding + "\"}"));
            Region region = Region.named("bench", scratch.path());
            try (ZooKeeperBridge bridge = ZooKeeperBridge.start(server.connectString(), znode, region,
                    ZooKeeperOptions.defaults(), BridgeListener.NONE)) {
                latency(editor, znode, region, padding);
                reads(editor, znode, region);
            }
        }
    }

    private static CuratorFramework client(String connectString) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs(10_000).connectionTimeoutMs(2000).retryPolicy(new RetryOneTime(100)).build();
        c.start();
        if (!c.blockUntilConnected(10, TimeUnit.SECONDS)) {
            c.close();
            throw new IllegalStateException("the benchmark's client did not connect to " + connectString);
        }
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void latency(CuratorFramework editor, String znode, Region region, String padding) throws Exception {
        // the JVM's default compilers: the reader's loop is what is measured
        try (ChildJvm reader = ChildJvm.java(ZooKeeperLatencyReader.class, region.path().toString(),
                Integer.toString(UPDATES - 1), "120000").start()) {
            reader.awaitLine("ready", Duration.ofSeconds(60));
            latency(editor, znode, padding, reader);
        }
    }

    private static void latency(CuratorFramework editor, String znode, String padding, ChildJvm reader) throws Exception {
        Thread.sleep(500); // let the reader's loop compile
        long[] sent = new long[UPDATES];
        long[] acked = new long[UPDATES];
        for (int i = 0; i < UPDATES; i++) {
            sent[i] = System.nanoTime();
            editor.setData().forPath(znode, utf8("{\"seq\":" + i + ",\"pad\":\"" + padding + "\"}"));
            acked[i] = System.nanoTime();
            Thread.sleep(10); // one update at a time: each is seen on its own
        }
        reader.exitWithin(Duration.ofSeconds(30));
        Map<Integer, Long> seen = new HashMap<>();
        for (String line : reader.output()) {
            if (line.matches("\\d+ -?\\d+")) {
                String[] f = line.split(" ");
                seen.put(Integer.parseInt(f[0]), Long.parseLong(f[1]));
            }
        }
        List<Long> micros = new ArrayList<>();
        List<Long> writes = new ArrayList<>();
        for (int i = 20; i < UPDATES; i++) { // the first 20 warm up the bridge
            Long at = seen.get(i);
            writes.add((acked[i] - sent[i]) / 1000);
            if (at != null) {
                micros.add((at - sent[i]) / 1000);
            }
        }
        long[] w = writes.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH setData round trip (the write itself, incl. the server's log fsync): median=%d us"
                + " p99=%d us%n", percentile(w, 50), percentile(w, 99));
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH znode update -> visible to a reader process: n=%d seen=%d/%d median=%d us p99=%d us"
                        + " max=%d us%n", sorted.length, seen.size(), UPDATES, percentile(sorted, 50),
                percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    private static void reads(CuratorFramework editor, String znode, Region region) throws Exception {
        try (RegionReader reader = region.openReader()) {
            for (int round = 0; round < 2; round++) { // round 0 warms up
                long n = 0;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_SECONDS);
                long start = System.nanoTime();
                while (n < 500_000_000L && (n & 1023) != 0 || System.nanoTime() < end) {
                    if (reader.get().isEmpty()) {
                        throw new IllegalStateException("no value");
                    }
                    n++;
                }
                double perSecond = n / ((System.nanoTime() - start) / 1e9);
                if (round == 1) {
                    System.out.printf("BENCH local RegionReader.get(): %.0f reads/s (one thread)%n", perSecond);
                }
            }
            for (int round = 0; round < 2; round++) {
                long n = 0;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_SECONDS);
                long start = System.nanoTime();
                while (n < 5_000_000L && (n & 1023) != 0 || System.nanoTime() < end) {
                    reader.bytes().orElseThrow();
                    n++;
                }
                double perSecond = n / ((System.nanoTime() - start) / 1e9);
                if (round == 1) {
                    System.out.printf("BENCH local RegionReader.bytes() (copy of ~920 B): %.0f reads/s (one thread)%n",
                            perSecond);
                }
            }
        }
        for (int round = 0; round < 2; round++) {
            long n = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_SECONDS);
            long start = System.nanoTime();
            long[] lat = new long[200_000];
            while (n < lat.length && System.nanoTime() < end) {
                long t = System.nanoTime();
                editor.getData().forPath(znode);
                lat[(int) n] = System.nanoTime() - t;
                n++;
            }
            double perSecond = n / ((System.nanoTime() - start) / 1e9);
            long[] sorted = Arrays.copyOf(lat, (int) n);
            Arrays.sort(sorted);
            if (round == 1) {
                System.out.printf("BENCH direct getData (Curator, sync, loopback): %.0f reads/s (one thread),"
                        + " median=%d us p99=%d us%n", perSecond, percentile(sorted, 50) / 1000,
                        percentile(sorted, 99) / 1000);
            }
        }
    }

    private static long percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
