package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsonmmap.testing.CrashWriter;
import org.jsonmmap.testkit.ChildJvm;
import org.jsonmmap.testkit.SelfCheckingDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * kill -9 of a writer JVM in the middle of publishing, 20 times in a row: a reader keeps seeing the last
 * complete version, each new writer takes over with a higher epoch and continues the version sequence.
 */
class WriterCrashTest {
    private static final Pattern READY = Pattern.compile("READY epoch=(\\d+) version=(\\d+)");
    private static final int KILLS = Integer.getInteger("jsonmmap.crash.kills", 20);

    @TempDir
    Path dir;

    @Test
    void killedWriterIsTakenOverAndReadersKeepTheLastCompleteVersion() throws Exception {
        Region region = Region.named("crash", dir);
        AtomicLong reads = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        AtomicLong maxSeen = new AtomicLong();
        Thread readerThread = null;
        long lastEpoch = -1;
        long lastVersionSeen = 0;
        try {
            for (int i = 0; i < KILLS; i++) {
                try (ChildJvm writer = ChildJvm.start(CrashWriter.class, dir.toString(), "crash")) {
                    Matcher m = READY.matcher(writer.awaitLine("READY", Duration.ofSeconds(30)));
                    assertThat(m.matches()).isTrue();
                    long epoch = Long.parseLong(m.group(1));
                    long resumed = Long.parseLong(m.group(2));
                    assertThat(epoch).as("epoch after takeover %d", i).isGreaterThan(lastEpoch);
                    assertThat(resumed).as("version resumed by writer %d", i).isGreaterThanOrEqualTo(lastVersionSeen);
                    lastEpoch = epoch;
                    if (readerThread == null) {
                        readerThread = startReader(region, reads, bad, maxSeen, readerError);
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(100, 400));
                    writer.kill();
                }
                try (RegionReader r = region.openReader()) {
                    Optional<JsonNode> doc = r.get();
                    assertThat(doc).as("a value survives kill %d", i).isPresent();
                    assertThat(SelfCheckingDocuments.isIntact(doc.get().toString())).as("value after kill %d is intact", i).isTrue();
                    assertThat(r.version()).isGreaterThanOrEqualTo(lastVersionSeen);
                    lastVersionSeen = r.version();
                }
                assertThat(region.verify()).as("verify after kill %d", i).isEmpty();
            }
        } finally {
            if (readerThread != null) {
                readerThread.interrupt();
                readerThread.join(10_000);
            }
        }
        assertThat(readerError.get()).isNull();
        assertThat(bad.get()).as("invalid values seen by the live reader").isZero();
        assertThat(reads.get()).isGreaterThan(KILLS);
        System.out.printf("crash: %d kills, %d takeovers, last epoch %d, last version %d, live reader %d reads, 0 invalid%n",
                KILLS, KILLS, lastEpoch, lastVersionSeen, reads.get());
    }

    private static Thread startReader(Region region, AtomicLong reads, AtomicLong bad, AtomicLong maxSeen,
                                      AtomicReference<Throwable> error) {
        Thread t = new Thread(() -> {
            try (RegionReader r = region.openReader()) {
                JsonNode last = null;
                while (!Thread.currentThread().isInterrupted()) {
                    long v = r.version();
                    if (v < maxSeen.get()) {
                        bad.incrementAndGet();
                    }
                    maxSeen.set(v);
                    Optional<JsonNode> doc = r.get();
                    reads.incrementAndGet();
                    if (doc.isPresent() && doc.get() != last) {
                        last = doc.get();
                        if (!SelfCheckingDocuments.isIntact(last.toString())) {
                            bad.incrementAndGet();
                        }
                    }
                }
            } catch (Throwable e) {
                error.set(e);
            }
        }, "live-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
