package org.jsonmmap.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Subscription;

/**
 * Scenario 7: many open/get/close cycles of a reader and many subscribe/unsubscribe cycles in one process
 * (this scenario's JVM). File descriptors, mappings of the region file (/proc/self/maps) and Java threads
 * must return to their starting counts, and the heap must stay flat. Java 17 cannot unmap a buffer: a closed
 * reader's mapping goes when the garbage collector frees it, so the counts are taken after System.gc() and a
 * short wait.
 */
final class ResourceHygiene {
    private static final long HEAP_SLACK = 16L << 20;

    private ResourceHygiene() {
    }

    /** The counts compared before and after. */
    record Counts(long fds, long regionMappings, long threads, long heapUsed) {
        @Override
        public String toString() {
            return "fds " + fds + ", mappings " + regionMappings + ", threads " + threads + ", heap " + (heapUsed >> 20)
                    + " MiB";
        }
    }

    static Result run(Budget b, Path work) throws Exception {
        Result result = new Result(7, Run.NAMES[7], "cycles");
        Path dir = Util.ramDirectory(work, "hygiene");
        Region region = Region.named("hyg", dir);
        try (RegionWriter w = region.openWriter()) {
            w.publishJson(Doc.build(1, 1024, false));
            String real = region.path().toRealPath().toString();
            // warm up: classes loaded, JIT threads started, first subscriptions made
            cycles(region, 200, result);
            subscriptions(region, 20, result);
            Counts base = settle(real, Long.MAX_VALUE);
            long t0 = System.nanoTime();
            cycles(region, b.hygieneOpenCycles(), result);
            Counts mapsBeforeGc = counts(real);
            Counts afterOpen = settle(real, base.regionMappings());
            subscriptions(region, b.hygieneSubscribeCycles(), result);
            Counts afterSubscribe = settle(real, base.regionMappings());
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            result.ops = b.hygieneOpenCycles() + b.hygieneSubscribeCycles();
            result.figure("open/get/close cycles", b.hygieneOpenCycles())
                    .figure("subscribe/unsubscribe cycles", b.hygieneSubscribeCycles())
                    .figure("start", base)
                    .figure("after open cycles, before GC: mappings", mapsBeforeGc.regionMappings())
                    .figure("after open cycles and GC", afterOpen)
                    .figure("after subscribe cycles and GC", afterSubscribe)
                    .figure("seconds", seconds);
            for (Counts c : new Counts[] {afterOpen, afterSubscribe}) {
                if (c.fds() != base.fds()) {
                    result.fail("file descriptors: " + base.fds() + " at the start, " + c.fds() + " after");
                }
                if (c.regionMappings() > base.regionMappings()) {
                    result.fail("mappings of the region file: " + base.regionMappings() + " at the start, "
                            + c.regionMappings() + " after GC");
                }
                if (c.threads() != base.threads()) {
                    result.fail("threads: " + base.threads() + " at the start, " + c.threads() + " after");
                }
                if (c.heapUsed() > base.heapUsed() + HEAP_SLACK) {
                    result.fail("heap after GC: " + (base.heapUsed() >> 20) + " MiB at the start, " + (c.heapUsed() >> 20)
                            + " MiB after");
                }
            }
        } finally {
            Util.deleteTree(dir);
        }
        return result;
    }

    private static void cycles(Region region, int n, Result result) {
        for (int i = 0; i < n; i++) {
            try (RegionReader r = region.openReader()) {
                if (r.get().isEmpty()) {
                    result.fail("cycle " + i + ": no value");
                    return;
                }
            }
        }
    }

    private static void subscriptions(Region region, int n, Result result) throws InterruptedException {
        try (RegionReader r = region.openReader()) {
            for (int i = 0; i < n; i++) {
                CountDownLatch first = new CountDownLatch(1);
                Subscription sub = r.subscribe(v -> first.countDown(), e -> { });
                // every 10th waits for the first delivery, the others close at once (mid-start)
                if (i % 10 == 0 && !first.await(10, TimeUnit.SECONDS)) {
                    result.fail("subscription " + i + ": no first delivery");
                }
                sub.close();
                if (sub.isActive()) {
                    result.fail("subscription " + i + " still active after close()");
                }
            }
        }
    }

    /** GC and wait (at most 10 s) until the mappings are down to {@code target}; then count. */
    private static Counts settle(String real, long target) throws IOException, InterruptedException {
        Counts c = null;
        for (int i = 0; i < 50; i++) {
            System.gc();
            Thread.sleep(i < 5 ? 50 : 200);
            c = counts(real);
            if (c.regionMappings() <= target && i >= 2) {
                break;
            }
        }
        return c;
    }

    static Counts counts(String regionPath) throws IOException {
        long fds;
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            fds = s.count();
        }
        long maps;
        try (Stream<String> lines = Files.lines(Paths.get("/proc/self/maps"))) {
            maps = lines.filter(l -> l.endsWith(regionPath)).count();
        }
        long threads = Thread.getAllStackTraces().size();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Counts(fds, maps, threads, heap);
    }
}
