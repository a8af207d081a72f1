package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.testing.TruncationProbe;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults of the file system under live readers and writers: no SIGBUS, a specific error instead. */
class FileFaultTest {
    @TempDir
    Path dir;

    @Test
    void fileTruncatedUnderALiveReaderIsReportedNotACrash() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "shrink", "{\"a\":\"before\"}");
        for (String length : List.of("0", "100", "8192")) {
            try (ChildJvm probe = ChildJvm.start(TruncationProbe.class, dir.toString(), "shrink", length)) {
                int exit = probe.awaitExit(Duration.ofSeconds(60));
                List<String> out = probe.output();
                assertThat(exit).as("probe output %s", out).isZero();
                assertThat(out).contains("EXIT");
                assertThat(out).as("truncated to %s", length).anySatisfy(l -> assertThat(l)
                        .startsWith("TRUNCATED region 'shrink'"));
            }
            try (RegionWriter w = region.openWriter()) {
                w.publishJson("{\"a\":\"before\"}");
            } catch (RegionCorruptException e) {
                // the truncated file is not a region any more: delete it and start again
                Files.delete(region.path());
                try (RegionWriter w = region.openWriter()) {
                    w.publishJson("{\"a\":\"before\"}");
                }
            }
        }
    }

    @Test
    void fullFileSystemFailsTheGrowingPublishAndKeepsThePreviousVersion() throws Exception {
        Path mount = dir.resolve("small");
        Files.createDirectory(mount);
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", mount.toString()))
                .as("mounting a 1 MiB tmpfs (this test needs root, as in CI)").isZero();
        try {
            Region region = Region.named("full", mount);
            try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(16 * 1024));
                 RegionReader r = region.openReader()) {
                w.publishJson("{\"small\":true}");
                String big = "[" + "1234567,".repeat(100_000) + "0]";
                assertThatThrownBy(() -> w.publishJson(big)).isInstanceOf(StorageFullException.class)
                        .hasMessageContaining("no space left on the file system")
                        .hasMessageContaining("version 1 stays");
                assertThat(r.text()).contains("{\"small\":true}");
                assertThat(w.publishJson("{\"small\":2}")).isEqualTo(2);
                assertThat(r.text()).contains("{\"small\":2}");
                assertThat(region.verify()).isEmpty();
            }
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
