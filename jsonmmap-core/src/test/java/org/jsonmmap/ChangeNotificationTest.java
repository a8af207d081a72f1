package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

@ExtendWith(OpenRegion.class)
class ChangeNotificationTest {
    @TempDir
    Path dir;

    @Test
    void awaitChangeReturnsTheNewVersionOrEmptyOnTimeout(RegionWriter w, RegionReader r) throws Exception {
        assertThat(r.awaitChange(0, Duration.ofMillis(30))).isEmpty();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            w.publishJson("{\"x\":1}");
        });
        t.start();
        OptionalLong v = r.awaitChange(0, Duration.ofSeconds(10));
        assertThat(v).hasValue(1);
        t.join();
    }

    @Test
    void subscriberSeesCurrentThenChangesAndAlwaysEndsOnTheLatest(RegionWriter w, RegionReader r) throws Exception {
        w.publishJson("{\"i\":0}");
        List<Versioned<JsonNode>> seen = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        try (Subscription sub = r.subscribe(v -> {
            seen.add(v);
            if (v.value().get("i").asInt() == 500) {
                last.countDown();
            }
        })) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(seen).as("the current version is delivered first").hasSize(1);
            for (int i = 1; i <= 500; i++) {
                w.publish(java.util.Map.of("i", i));
            }
            assertThat(last.await(10, TimeUnit.SECONDS)).as("the last version arrives").isTrue();
            assertThat(sub.lastDeliveredVersion()).isEqualTo(501);
            assertThat(sub.isActive()).isTrue();
        }
        assertThat(seen.get(0).version()).isEqualTo(1);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).version()).isGreaterThan(seen.get(i - 1).version());
        }
    }

    @Test
    void closingTheReaderStopsItsSubscriptions() throws Exception {
        Region region = Region.named("n", dir);
        try (RegionWriter w = region.openWriter()) {
            RegionReader r = region.openReader();
            Subscription sub = r.subscribe(v -> { });
            r.close();
            assertThat(sub.isActive()).isFalse();
            long before = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("jsonmmap-subscriber-n-")).count();
            assertThat(before).isZero();
        }
    }

    @Test
    void listenerExceptionsDoNotEndTheSubscription(RegionWriter w, RegionReader r) throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        try (Subscription sub = r.subscribe(v -> {
            if (v.version() == 1) {
                throw new IllegalStateException("listener bug");
            }
            second.countDown();
        })) {
            w.publishJson("1");
            Thread.sleep(50);
            w.publishJson("2");
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.isActive()).isTrue();
        }
    }

    @Test
    void everyIdleStrategyWakesUpForAChange() throws Exception {
        for (IdleStrategy idle : List.of(IdleStrategy.busySpin(), IdleStrategy.yielding(),
                IdleStrategy.backoff(Duration.ofMillis(5)), IdleStrategy.defaults())) {
            Region region = Region.named("idle", dir);
            try (RegionWriter w = region.openWriter();
                 RegionReader r = region.openReader(ReaderOptions.defaults().withIdleStrategy(idle))) {
                long since = w.version();
                Thread t = new Thread(() -> w.publishJson("{\"idle\":\"" + idle + "\"}"));
                t.start();
                assertThat(r.awaitChange(since, Duration.ofSeconds(10))).as("%s", idle).hasValue(since + 1);
                t.join();
            }
        }
    }
}
