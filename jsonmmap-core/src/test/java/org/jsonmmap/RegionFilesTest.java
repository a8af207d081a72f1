package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.jsonmmap.testing.MappingProbe;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, directories, modes, deletion and files changed under live readers. */
class RegionFilesTest {
    @TempDir
    Path dir;

    @Test
    void badNamesAreRejectedWithTheRule() {
        for (String bad : List.of("", ".", "..", "a/b", "../etc", "a b", "x".repeat(129), "名前", "a\0b")) {
            assertThatThrownBy(() -> Region.named(bad, dir)).as("name %s", bad)
                    .isInstanceOf(InvalidRegionNameException.class)
                    .hasMessageContaining("a region name is 1 to 128 characters from A-Z a-z 0-9 . _ - and is not '.' or '..'");
        }
        assertThatThrownBy(() -> Region.named("a/b", dir)).hasMessageStartingWith("invalid region name 'a/b' (it contains '/')");
        assertThatThrownBy(() -> Region.named("", dir)).hasMessageStartingWith("invalid region name '' (it is empty)");
        for (String good : List.of("a", "cfg.v2", "A_b-c", "x".repeat(128), "...")) {
            assertThat(Region.named(good, dir).path().getParent()).isEqualTo(dir);
        }
    }

    @Test
    void filesAreCreatedOwnerOnlyByDefault() throws IOException {
        Region region = Region.named("cfg", dir.resolve("sub"));
        try (RegionWriter w = region.openWriter()) {
            w.publishJson("{}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(region.path()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(region.lockPath()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub")))).isEqualTo("rwx------");
        }
    }

    @Test
    void modeIsConfigurableForAGroupOfFollowers() throws IOException {
        Region region = Region.named("cfg", dir);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withMode(FileMode.parse("0640")))) {
            w.publishJson("{}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(region.path()))).isEqualTo("rw-r-----");
            assertThat(region.info().mode()).isEqualTo("0640");
        }
        assertThatThrownBy(() -> FileMode.parse("0755")).hasMessageContaining("only read and write bits");
        assertThatThrownBy(() -> FileMode.parse("0440")).hasMessageContaining("the owner (the writer) needs read and write");
        assertThatThrownBy(() -> FileMode.parse("rw")).hasMessageContaining("is not an octal mode like 0600");
    }

    @Test
    void readerMappingIsReadOnlyInTheKernel() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "ro", "{\"a\":1}");
        // a fresh JVM that only reads: every mapping of the file it has is its reader's
        try (ChildJvm child = ChildJvm.start(MappingProbe.class, dir.toString(), "ro")) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero();
            List<String> maps = child.output().stream().filter(l -> l.startsWith("MAP ")).toList();
            assertThat(maps).isNotEmpty();
            assertThat(maps).allSatisfy(l -> assertThat(l.split("\\s+")[2]).isEqualTo("r--s"));
            assertThat(child.output()).contains("WRITE-REFUSED");
        }
    }

    @Test
    void deletedRegionFailsLiveReadersInsteadOfServingAStaleValue() throws Exception {
        Region region = Region.named("gone", dir);
        RegionWriter w = region.openWriter();
        w.publishJson("{\"a\":1}");
        try (RegionReader r = region.openReader()) {
            assertThat(r.get()).isPresent();
            assertThat(region.delete(true)).isTrue();
            assertThat(Files.exists(region.path())).isFalse();
            assertThat(Files.exists(region.lockPath())).isFalse();
            assertThatThrownBy(r::get).isInstanceOf(RegionReplacedException.class).hasMessageContaining("was deleted");
            assertThatThrownBy(() -> w.publishJson("{\"a\":2}")).isInstanceOf(StaleWriterException.class)
                    .hasMessageContaining("no longer owns it: the region was deleted");
        } finally {
            w.close();
        }
        assertThat(region.delete()).isFalse();
    }

    @Test
    void regionDeletedAndRecreatedIsSeenAsReplacedByAWaitingReader() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "swap", "{\"a\":1}");
        try (RegionReader r = region.openReader(ReaderOptions.defaults().withFileCheckInterval(Duration.ofMillis(10)))) {
            Path copy = dir.resolve("copy");
            Files.copy(region.path(), copy);
            Files.move(copy, region.path(), StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(() -> r.awaitChange(1, Duration.ofSeconds(5))).isInstanceOf(RegionReplacedException.class)
                    .hasMessageContaining("was replaced");
            assertThat(r.get()).isPresent();
        }
    }

    @Test
    void regionsAreListed() {
        try (RegionWriter a = Region.named("a", dir).openWriter(); RegionWriter b = Region.named("b", dir).openWriter()) {
            a.publishJson("1");
            assertThat(Region.list(dir)).extracting(Region::name).containsExactly("a", "b");
        }
        assertThatThrownBy(() -> Region.list(dir.resolve("none"))).isInstanceOf(RegionNotFoundException.class)
                .hasMessage("region directory " + dir.resolve("none") + " does not exist");
    }

    @Test
    void durablePublishesSurviveReopening() {
        Region region = Region.named("disk", dir);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withDurable(true).withInitialCapacity(64))) {
            for (int i = 0; i < 5; i++) {
                w.publish(java.util.Map.of("i", i, "pad", "x".repeat(i * 50)));
            }
        }
        try (RegionReader r = region.openReader()) {
            assertThat(r.version()).isEqualTo(5);
            assertThat(r.at("/i").orElseThrow().asInt()).isEqualTo(4);
        }
        assertThat(Files.exists(region.path(), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
