package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;


/** A subscription either follows the region or says why it cannot; nothing a listener throws is swallowed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscriptionNeverGoesStaleTest {
    @TempDir
    Path dir;

    private static final ReaderOptions QUICK = ReaderOptions.defaults().withFileCheckInterval(Duration.ofMillis(10));

    private static void awaitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void errorThrownByTheListenerIsReportedAndLaterVersionsAreDelivered() throws Exception {
        Region region = Region.named("err", dir);
        List<JsonMmapException> errors = new CopyOnWriteArrayList<>();
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader(QUICK)) {
            w.publishJson("1");
            try (Subscription sub = r.subscribe(v -> {
                seen.add(v.version());
                if (v.version() == 1) {
                    throw new AssertionError("listener assertion failed");
                }
            }, errors::add)) {
                awaitUntil("the listener's error", () -> !errors.isEmpty());
                assertThat(errors.get(0)).hasMessageContaining("threw on version 1")
                        .hasCauseInstanceOf(AssertionError.class);
                w.publishJson("2");
                awaitUntil("version 2 after the error", () -> seen.contains(2L));
                assertThat(sub.isActive()).isTrue();
            }
        }
    }

    @Test
    void subscriptionFollowsARegionDeletedAndCreatedAgainAndSaysSo() throws Exception {
        Region region = Region.named("restart", dir);
        List<JsonMmapException> errors = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RegionWriter first = region.openWriter()) {
            first.publishJson("{\"gen\":1}");
        }
        try (RegionReader r = region.openReader(QUICK);
             Subscription sub = r.subscribe(v -> seen.add(v.value().toString()), errors::add)) {
            awaitUntil("the first generation", () -> seen.contains("{\"gen\":1}"));
            // what a master that copies the README's example does on restart
            assertThat(region.delete()).isTrue();
            try (RegionWriter second = region.openWriter()) {
                second.publishJson("{\"gen\":2}");
                awaitUntil("the second generation", () -> seen.contains("{\"gen\":2}"));
                assertThat(errors).anySatisfy(e -> assertThat(e).isInstanceOf(RegionReplacedException.class));
                assertThat(sub.isActive()).isTrue();
                assertThat(sub.lastDeliveredVersion()).isEqualTo(1);
                second.publishJson("{\"gen\":2,\"v\":2}");
                awaitUntil("the next version of the new file", () -> seen.contains("{\"gen\":2,\"v\":2}"));
            }
            // the reader itself stays on the old file and says so
            assertThatThrownBy(r::get).isInstanceOf(RegionReplacedException.class);
        }
    }

    @Test
    void awaitChangeOnADeletedRegionRaisesInsteadOfWaitingForever() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "gone", "1");
        try (RegionReader r = region.openReader(QUICK)) {
            assertThat(region.delete()).isTrue();
            try (RegionWriter w = region.openWriter()) {
                w.publishJson("{\"new\":true}");
                assertThatThrownBy(() -> r.awaitChange(1, Duration.ofSeconds(10)))
                        .isInstanceOf(RegionReplacedException.class);
            }
        }
    }

    @Test
    void textAndBytesHandOutOnlyValidatedPayloads() throws Exception {
        Region region = Region.named("valid", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"a\":1}");
            assertThat(r.text()).contains("{\"a\":1}");
            assertThat(r.bytes().orElseThrow()).isEqualTo("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.byteBuffer().orElseThrow().remaining()).isEqualTo(7);
        }
        try (RegionReader deep = region.openReader(ReaderOptions.defaults().withMaxNestingDepth(1))) {
            // the same payload is over this reader's limit: no text, no bytes, like get()
            try (RegionWriter w = region.openWriter()) {
                w.publishJson("{\"a\":[1]}");
            }
            assertThatThrownBy(deep::text).isInstanceOf(InvalidJsonException.class).hasMessageContaining("nesting");
            assertThatThrownBy(deep::bytes).isInstanceOf(InvalidJsonException.class);
            assertThatThrownBy(deep::byteBuffer).isInstanceOf(InvalidJsonException.class);
            assertThatThrownBy(deep::get).isInstanceOf(InvalidJsonException.class);
        }
    }
}
