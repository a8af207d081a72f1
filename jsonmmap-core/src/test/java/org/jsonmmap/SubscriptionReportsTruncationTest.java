package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription whose file is truncated under it must tell its error handler (RegionTruncatedException),
 * never end silently. The SIGBUS of a mapped read past the new end reaches Java as an asynchronous
 * InternalError at the thread's next safepoint poll (docs/FORMAT.md section 6.4), which can be in the idle
 * strategy or the listener rather than inside the reader's own translation; if nothing in the subscription
 * loop catches it, the delivering thread dies, {@code isActive()} turns false and {@code onError} is never
 * called. Found by the reliability harness (scenario 5, truncate-0: the subscriber reported nothing and its
 * stderr showed "Exception in thread jsonmmap-subscriber-… java.lang.InternalError … at IdleStrategy").
 */
class SubscriptionReportsTruncationTest {
    @TempDir
    Path dir;

    @Test
    void truncationUnderASubscriptionReachesItsErrorHandler() throws Exception {
        for (int round = 0; round < 6; round++) {
            Region region = Region.named("sub" + round, dir);
            try (RegionWriter w = region.openWriter()) {
                w.publishJson("{\"a\":" + round + "}");
            }
            List<JsonMmapException> errors = new CopyOnWriteArrayList<>();
            try (RegionReader r = region.openReader(ReaderOptions.defaults().withIdleStrategy(IdleStrategy.busySpin()));
                 Subscription sub = r.subscribe(v -> { }, errors::add)) {
                Thread.sleep(1_500); // let the polling loop be compiled, as in a long-running follower
                try (RandomAccessFile f = new RandomAccessFile(region.path().toFile(), "rw")) {
                    f.setLength(0);
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (errors.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(errors).as("round %d: errors reported to onError (subscription active: %s)", round,
                        sub.isActive()).isNotEmpty();
                assertThat(errors.get(0)).isInstanceOf(RegionTruncatedException.class);
            }
        }
    }
}
