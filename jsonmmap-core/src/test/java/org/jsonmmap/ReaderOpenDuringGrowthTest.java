package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region's file only grows while it lives (docs/FORMAT.md 5.4: the writer extends the file, then publishes
 * the new FILE_LENGTH with release). A reader that opens it, or checks it, while the writer grows it must
 * therefore never report it truncated. Comparing a file size taken <em>before</em> reading FILE_LENGTH with that
 * FILE_LENGTH is a race: a growth completing in between makes the old size look shorter than the new length.
 * Found by the reliability harness (scenario 1, full run: a reader and a subscriber opening a fresh region
 * while its first publishes grew it failed with RegionTruncatedException).
 */
class ReaderOpenDuringGrowthTest {
    @TempDir
    Path dir;

    @Test
    void openingAndCheckingWhileTheWriterGrowsNeverReportsATruncation() throws Exception {
        List<String> spurious = new CopyOnWriteArrayList<>();
        AtomicReference<Region> current = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 400 && spurious.isEmpty(); i++) {
                    Region region = Region.named("grow" + i, dir);
                    try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(4096))) {
                        current.set(region);
                        for (int size = 2048; size <= 1 << 20; size *= 2) {
                            w.publishJson("\"" + "x".repeat(size) + "\"");
                        }
                    }
                    current.set(null);
                    region.delete();
                }
            } finally {
                done.set(true);
            }
        }, "growing-writer");
        writer.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!done.get() && spurious.isEmpty() && System.nanoTime() < deadline) {
            Region region = current.get();
            if (region == null) {
                continue;
            }
            try (RegionReader r = region.openReader()) {
                for (int k = 0; k < 20; k++) {
                    r.checkFile();
                }
            } catch (RegionTruncatedException e) {
                spurious.add(e.getMessage());
            } catch (RegionNotFoundException | RegionReplacedException e) {
                // between two regions: the next one is coming
            }
        }
        done.set(true);
        writer.join(60_000);
        assertThat(spurious).as("truncation reported while the file only grew").isEmpty();
    }
}
