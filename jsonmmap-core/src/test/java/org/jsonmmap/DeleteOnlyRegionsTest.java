package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Region.delete deletes regions only: any other file at the path is refused and nothing is touched. */
class DeleteOnlyRegionsTest {
    @TempDir
    Path dir;

    @Test
    void fileWithoutTheRegionMagicIsRefusedEvenWithForce() throws Exception {
        Path json = Files.writeString(dir.resolve("app.json"), "{\"keep\":true}");
        Region region = Region.at(json);
        assertThatThrownBy(() -> region.delete(true)).isInstanceOf(NotARegionException.class)
                .hasMessageContaining("not a region").hasMessageContaining("nothing was deleted");
        assertThat(json).hasContent("{\"keep\":true}");
        assertThat(region.lockPath()).doesNotExist();
        Path tiny = Files.write(dir.resolve("tiny.jmm"), new byte[] {'J', 'S'});
        assertThatThrownBy(() -> Region.at(tiny).delete()).isInstanceOf(NotARegionException.class);
        assertThat(tiny).exists();
    }

    @Test
    void regionIsDeletedEvenWhenDamagedInside() throws Exception {
        Region region = OpenRegion.publishedOnce(dir, "cfg", "{\"a\":1}");
        byte[] b = Files.readAllBytes(region.path());
        b[b.length / 2] ^= 1;
        Files.write(region.path(), b);
        assertThat(region.delete()).isTrue();
        assertThat(region.path()).doesNotExist();
    }
}
