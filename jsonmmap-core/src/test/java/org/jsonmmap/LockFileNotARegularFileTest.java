package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock path that is not a regular file (a FIFO put there by anyone who can write the directory) must be
 * refused like a non-regular region path (docs/FORMAT.md section 2), never waited on: opening a FIFO
 * read-only blocks until a writer opens it, so a liveness probe that opens it hangs {@code info()},
 * {@code writerAlive()}, {@code delete()} and the CLI's {@code stat}/{@code verify}. Found by the reliability
 * harness (scenario 4, case "path: lock file is a FIFO").
 */
class LockFileNotARegularFileTest {
    @TempDir
    Path dir;

    @Test
    void livenessProbeOnAFifoLockFileAnswersOrRefusesWithoutHanging() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "fifo", "{\"a\":1}");
        Files.delete(region.lockPath());
        Process mkfifo = new ProcessBuilder("mkfifo", region.lockPath().toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();

        assertAnswersOrRefuses(region, "writerAlive()", region::writerAlive);
        assertAnswersOrRefuses(region, "info()", region::info);
        assertAnswersOrRefuses(region, "delete()", region::delete);
    }

    private static void assertAnswersOrRefuses(Region region, String what, Runnable call) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "probe-" + what);
        t.setDaemon(true);
        t.start();
        t.join(10_000);
        boolean hung = t.isAlive();
        if (hung) {
            // release the thread blocked in open(2) on the FIFO: a writer end makes its open return
            try (FileOutputStream unblock = new FileOutputStream(region.lockPath().toFile())) {
                unblock.flush();
            }
            t.join(Duration.ofSeconds(10).toMillis());
        }
        assertThat(hung).as("%s on a region whose lock file is a FIFO must not block", what).isFalse();
        if (thrown.get() != null) {
            assertThat(thrown.get()).as("%s may refuse the FIFO, with a specific error", what)
                    .isInstanceOf(UnsafePathException.class);
        }
    }
}
