package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.internal.Futex;
import org.jsonmmap.internal.RegionLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * The futex wake path (docs/FORMAT.md, "Waiting"). Every timed fallback here is 20 s or more, so a wait that
 * ends within a few seconds was ended by the writer's wake; the header's waiter count shows the follower
 * sleeping on the futex rather than parking.
 */
class FutexWakeUpTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theFutexIsUsedExactlyWhenTheJdkHasTheForeignFunctionApi() {
        Futex f = Futex.get();
        if (Runtime.version().feature() >= 22) {
            // the build grants native access to test JVMs on JDK 22+ (pom.xml, profile native-access)
            assertThat(f.available()).as(f.description()).isTrue();
        } else {
            assertThat(f.available()).as(f.description()).isFalse();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void waitingFollowerIsWokenByTheWritersFutexWakeNotItsTimedFallback() throws Exception {
        Region region = Region.named("futex", dir);
        ReaderOptions slow = ReaderOptions.defaults().withIdleStrategy(IdleStrategy.backoff(LONG))
                .withFileCheckInterval(LONG);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader(slow)) {
            w.publishJson("{\"v\":1}");
            CompletableFuture<OptionalLong> woken = CompletableFuture.supplyAsync(() -> r.awaitChange(1, Duration.ofMinutes(1)));
            awaitWaiters(region, 1);
            long published = System.nanoTime();
            w.publishJson("{\"v\":2}");
            OptionalLong v = woken.get(LONG.toSeconds(), TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            assertThat(v).hasValue(2);
            assertThat(tookMillis).as("woken by the writer, not by the %s fallback", LONG).isLessThan(5_000);
            assertThat(waiters(region)).as("the follower unregistered after waking").isZero();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void idleFollowerSleepingOnTheFutexBurnsAlmostNoCpu() throws Exception {
        Region region = Region.named("idle", dir);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"v\":1}");
            long[] cpu = new long[2];
            Thread follower = new Thread(() -> r.awaitChange(1, Duration.ofMinutes(1)), "idle-follower");
            follower.start();
            awaitWaiters(region, 1);
            Thread.sleep(200); // past the spin and yield phases
            cpu[0] = mx.getThreadCpuTime(follower.getId());
            long process0 = processCpuNanos();
            Thread.sleep(3_000);
            cpu[1] = mx.getThreadCpuTime(follower.getId());
            long process = processCpuNanos() - process0;
            assertThat(waiters(region)).as("still asleep on the futex").isEqualTo(1);
            w.publishJson("{\"v\":2}");
            follower.join(10_000);
            assertThat(follower.isAlive()).isFalse();
            double share = (cpu[1] - cpu[0]) / 3e9;
            // the default file check wakes it once a second; polling with the 10 ms ceiling costs ~0.5-1%
            assertThat(share).as("share of a core over 3 s idle (%s ns)", cpu[1] - cpu[0]).isLessThan(0.002);
            // the whole test JVM (JIT, GC and test threads included): a generous bound
            assertThat(process / 3e9).as("process CPU share over 3 s idle (%s ns)", process).isLessThan(0.10);
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void aFollowerDoesNotCountOnWakesFromAWriterThatDidNotPromiseThem() throws Exception {
        Region region = Region.named("nopromise", dir);
        ReaderOptions options = ReaderOptions.defaults().withIdleStrategy(IdleStrategy.backoff(Duration.ofMillis(5)))
                .withFileCheckInterval(LONG);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader(options)) {
            w.publishJson("{\"v\":1}");
            // what a writer that cannot wake (JDK 17) leaves: no promise for the current epoch
            putHeaderLong(region, RegionLayout.WAKER_EPOCH_OFFSET, 0);
            CompletableFuture<OptionalLong> seen = CompletableFuture.supplyAsync(() -> r.awaitChange(1, Duration.ofMinutes(1)));
            Thread.sleep(300);
            assertThat(waiters(region)).as("it parks with its ceiling instead of sleeping on the futex").isZero();
            w.publishJson("{\"v\":2}");
            assertThat(seen.get(LONG.toSeconds(), TimeUnit.SECONDS)).hasValue(2);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void awaitWaiters(Region region, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiters(region) != n) {
            assertThat(System.nanoTime() - deadline).as("a follower registered as a futex waiter").isNegative();
            Thread.sleep(5);
        }
    }

    private static int waiters(Region region) throws Exception {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, RegionLayout.WAITERS_OFFSET);
            return b.getInt(0);
        }
    }

    private static void putHeaderLong(Region region, int offset, long value) throws Exception {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
            ch.write(b, offset);
        }
    }
}
