package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.jsonmmap.testing.HoldWriter;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterExclusionTest {
    @TempDir
    Path dir;

    @Test
    void secondWriterInTheSameJvmIsRefusedWithHolderPid() {
        Region region = Region.named("one", dir);
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{}");
            assertThatThrownBy(region::openWriter).isInstanceOf(WriterLockedException.class)
                    .hasMessageContaining("already has a writer in this process (pid " + ProcessHandle.current().pid())
                    .satisfies(e -> assertThat(((WriterLockedException) e).holderPid()).isEqualTo(ProcessHandle.current().pid()));
            assertThat(w.publishJson("{\"still\":true}")).isEqualTo(2);
        }
        try (RegionWriter w = region.openWriter()) {
            assertThat(w.version()).isEqualTo(2);
        }
    }

    @Test
    void secondWriterInAnotherJvmIsRefusedWithHolderPid() throws Exception {
        Region region = Region.named("one", dir);
        try (ChildJvm holder = ChildJvm.start(HoldWriter.class, dir.toString(), "one")) {
            holder.awaitLine("READY", Duration.ofSeconds(30));
            assertThatThrownBy(region::openWriter).isInstanceOf(WriterLockedException.class)
                    .hasMessageContaining("already has a writer: pid " + holder.pid())
                    .satisfies(e -> assertThat(((WriterLockedException) e).holderPid()).isEqualTo(holder.pid()));
            assertThat(region.writerAlive()).isTrue();
            assertThatThrownBy(region::delete).isInstanceOf(WriterLockedException.class)
                    .hasMessageContaining("has a live writer (pid " + holder.pid() + ")");
            holder.kill();
        }
        // the OS dropped the dead holder's lock: a new writer takes over
        try (RegionWriter w = region.openWriter()) {
            assertThat(w.version()).isEqualTo(1);
            assertThat(w.epoch()).isEqualTo(2);
        }
    }

    @Test
    void writerInThisJvmRefusesAnotherJvmEvenAfterAReaderOpenedAndClosedHere() throws Exception {
        Region region = Region.named("one", dir);
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{\"a\":1}");
            for (int i = 0; i < 3; i++) {
                try (RegionReader r = region.openReader()) {
                    assertThat(r.get()).isPresent();
                }
            }
            region.info();
            assertThat(region.writerAlive()).isTrue();
            try (ChildJvm other = ChildJvm.start(HoldWriter.class, dir.toString(), "one")) {
                String line = other.awaitLine("REFUSED", Duration.ofSeconds(30));
                assertThat(line).startsWith("REFUSED " + ProcessHandle.current().pid() + " ");
                assertThat(other.awaitExit(Duration.ofSeconds(30))).isZero();
            }
            assertThat(w.publishJson("{\"a\":2}")).isEqualTo(2);
        }
    }
}
