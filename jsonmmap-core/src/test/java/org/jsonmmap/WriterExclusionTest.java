package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.internal.WriterLock;
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

    @Test
    void probesThroughASymlinkedDirectoryNeverDropTheWritersLock() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Region region = Region.named("alias", real);
        Region alias = Region.named("alias", link);
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{\"a\":1}");
            // every probe through the other path finds the writer in the registry (keyed by device and inode)
            // and never opens, hence never closes, the lock file: closing any descriptor of it would drop the lock
            assertThat(alias.writerAlive()).isTrue();
            assertThat(alias.info().writerAlive()).isTrue();
            assertThatThrownBy(alias::delete).isInstanceOf(WriterLockedException.class);
            assertThatThrownBy(alias::openWriter).isInstanceOf(WriterLockedException.class)
                    .hasMessageContaining("in this process");
            try (ChildJvm other = ChildJvm.start(HoldWriter.class, link.toString(), "alias")) {
                assertThat(other.awaitLine("REFUSED", Duration.ofSeconds(30)))
                        .startsWith("REFUSED " + ProcessHandle.current().pid() + " ");
            }
            assertThat(w.publishJson("{\"a\":2}")).isEqualTo(2);
        }
    }

    @Test
    void lockFileIsOwnerOnlyWhateverTheRegionsMode() throws Exception {
        Region region = Region.named("shared", dir);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withMode(FileMode.parse("0640")))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(region.path()))).isEqualTo("rw-r-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(region.lockPath())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void livenessProbeTakesNoLockAndNamesTheHolderFromTheKernel() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "probe", "{}");
        // a process holding a shared lock on the lock file (only its owner or root can open it: it is 0600)
        Process shared = new ProcessBuilder(List.of("python3", "-c", "import fcntl,os,sys,time\n"
                + "fd=os.open(sys.argv[1],os.O_RDONLY)\nfcntl.lockf(fd,fcntl.LOCK_SH)\nprint('LOCKED',flush=True)\n"
                + "time.sleep(60)", region.lockPath().toString())).start();
        try {
            assertThat(new String(shared.getInputStream().readNBytes(6))).isEqualTo("LOCKED");
            assertThat(region.writerAlive()).as("a shared lock is not a writer").isFalse();
            assertThat(WriterLock.holder(region.lockPath())).isEmpty();
        } finally {
            shared.destroyForcibly();
            shared.waitFor(10, TimeUnit.SECONDS);
        }
        try (ChildJvm holder = ChildJvm.start(HoldWriter.class, dir.toString(), "probe")) {
            holder.awaitLine("READY", Duration.ofSeconds(30));
            for (int i = 0; i < 100; i++) {
                assertThat(WriterLock.holder(region.lockPath())).hasValue(holder.pid());
            }
            // the probes took no lock, so they never made the writer's own lock attempts wait or fail
            assertThatThrownBy(region::openWriter).isInstanceOf(WriterLockedException.class)
                    .hasMessageContaining("pid " + holder.pid());
        }
    }
}
