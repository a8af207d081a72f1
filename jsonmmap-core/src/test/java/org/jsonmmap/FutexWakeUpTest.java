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
import org.junit.jupiter.api.io.TempDir;

/**
 * The futex wake path (docs/FORMAT.md, "Waiting"), and on a JVM without it (JDK 17) the documented fallback.
 * Every test runs on both: where this JVM has the futex (JDK 22+ with native access, as the build grants test
 * JVMs) it proves the real wake; where it has not, it proves what FORMAT.md promises instead: the writer makes
 * no promise ({@code WAKER_EPOCH} stays 0), the follower never registers in {@code WAITERS} and is woken by
 * its timed polling, within its idle ceiling.
 *
 * <p>With the futex, every timed fallback here is 20 s or more, so a wait that ends within a few seconds was
 * ended by the writer's wake; the header's waiter count shows the follower sleeping on the futex rather than
 * parking.
 */
class FutexWakeUpTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    /** The polling ceiling of the fallback tests: long enough that the follower is surely parking at it. */
    private static final Duration CEILING = Duration.ofMillis(200);
    private static final boolean FUTEX = Futex.get().available();

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
    void waitingFollowerIsWokenByTheWritersFutexWakeOrWithoutTheFutexByItsTimedPolling() throws Exception {
        Region region = Region.named("futex", dir);
        // with the futex, a ceiling of 20 s: only a wake ends the wait early; without, the fallback's ceiling
        ReaderOptions options = ReaderOptions.defaults().withIdleStrategy(IdleStrategy.backoff(FUTEX ? LONG : CEILING))
                .withFileCheckInterval(LONG);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader(options)) {
            w.publishJson("{\"v\":1}");
            assertThat(getHeaderLong(region, RegionLayout.WAKER_EPOCH_OFFSET))
                    .as("a writer promises wakes exactly when it can give them")
                    .isEqualTo(FUTEX ? getHeaderLong(region, RegionLayout.EPOCH_OFFSET) : 0);
            CompletableFuture<OptionalLong> woken = CompletableFuture.supplyAsync(() -> r.awaitChange(1, Duration.ofMinutes(1)));
            if (FUTEX) {
                awaitWaiters(region, 1);
            } else {
                // past the spin and yield phases and the doubling parks: the follower now parks at its ceiling
                Thread.sleep(4 * CEILING.toMillis());
                assertThat(woken).as("nothing was published").isNotDone();
                assertThat(waiters(region)).as("a follower without the futex never registers").isZero();
            }
            long published = System.nanoTime();
            w.publishJson("{\"v\":2}");
            OptionalLong v = woken.get(LONG.toSeconds(), TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            assertThat(v).hasValue(2);
            if (FUTEX) {
                assertThat(tookMillis).as("woken by the writer, not by the %s fallback", LONG).isLessThan(5_000);
            } else {
                // FORMAT.md: without a wake a change is seen within the idle ceiling (here 200 ms), plus the
                // scheduler's delay on a loaded machine; far below the 20 s file-check bound of the wait
                assertThat(tookMillis).as("seen by the polling with its %s ceiling", CEILING).isLessThan(5_000);
            }
            assertThat(waiters(region)).as("the follower unregistered after waking, or never registered").isZero();
        }
    }

    @Test
    void idleFollowerBurnsAlmostNoCpuOnTheFutexAndLittleWhenPolling() throws Exception {
        Region region = Region.named("idle", dir);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"v\":1}");
            long[] cpu = new long[2];
            Thread follower = new Thread(() -> r.awaitChange(1, Duration.ofMinutes(1)), "idle-follower");
            follower.start();
            if (FUTEX) {
                awaitWaiters(region, 1);
            }
            Thread.sleep(200); // past the spin and yield phases (and, polling, most of the doubling parks)
            cpu[0] = mx.getThreadCpuTime(follower.getId());
            long process0 = processCpuNanos();
            Thread.sleep(3_000);
            cpu[1] = mx.getThreadCpuTime(follower.getId());
            long process = processCpuNanos() - process0;
            assertThat(waiters(region)).as(FUTEX ? "still asleep on the futex" : "polling: never registered")
                    .isEqualTo(FUTEX ? 1 : 0);
            w.publishJson("{\"v\":2}");
            follower.join(10_000);
            assertThat(follower.isAlive()).isFalse();
            assertThat(waiters(region)).as("the waiter count is back to zero").isZero();
            double share = (cpu[1] - cpu[0]) / 3e9;
            if (FUTEX) {
                // the default file check wakes it once a second; polling with the 10 ms ceiling costs ~0.3-1%
                assertThat(share).as("share of a core over 3 s idle (%s ns)", cpu[1] - cpu[0]).isLessThan(0.002);
            } else {
                // the default back-off parks at its 10 ms ceiling: about 100 wake-ups a second, each charged some
                // 20-35 µs on a small virtual machine (IdleStrategy): well under 1%, bounded here at 3%
                assertThat(share).as("share of a core over 3 s polling (%s ns)", cpu[1] - cpu[0]).isLessThan(0.03);
            }
            // the whole test JVM (JIT, GC and test threads included): a generous bound
            assertThat(process / 3e9).as("process CPU share over 3 s idle (%s ns)", process).isLessThan(0.10);
        }
    }

    @Test
    void aFollowerDoesNotCountOnWakesFromAWriterThatDidNotPromiseThem() throws Exception {
        Region region = Region.named("nopromise", dir);
        ReaderOptions options = ReaderOptions.defaults().withIdleStrategy(IdleStrategy.backoff(Duration.ofMillis(5)))
                .withFileCheckInterval(LONG);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader(options)) {
            w.publishJson("{\"v\":1}");
            if (FUTEX) {
                // what a writer that cannot wake (JDK 17) leaves: no promise for the current epoch
                putHeaderLong(region, RegionLayout.WAKER_EPOCH_OFFSET, 0);
            } else {
                assertThat(getHeaderLong(region, RegionLayout.WAKER_EPOCH_OFFSET))
                        .as("a writer that cannot wake (this JVM) promises nothing").isZero();
            }
            CompletableFuture<OptionalLong> seen = CompletableFuture.supplyAsync(() -> r.awaitChange(1, Duration.ofMinutes(1)));
            Thread.sleep(300);
            assertThat(seen).as("nothing was published").isNotDone();
            assertThat(waiters(region)).as("it parks with its ceiling instead of sleeping on the futex").isZero();
            w.publishJson("{\"v\":2}");
            assertThat(seen.get(LONG.toSeconds(), TimeUnit.SECONDS)).hasValue(2);
            assertThat(getHeaderLong(region, RegionLayout.WAKER_EPOCH_OFFSET)).as("still no promise").isZero();
            assertThat(waiters(region)).isZero();
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

    private static long getHeaderLong(Region region, int offset) throws Exception {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    private static void putHeaderLong(Region region, int offset, long value) throws Exception {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
            ch.write(b, offset);
        }
    }
}
