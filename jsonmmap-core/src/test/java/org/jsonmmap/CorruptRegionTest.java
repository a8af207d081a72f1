package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jsonmmap.internal.RegionLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of damage gets its own exception type and a message with expected against actual. */
class CorruptRegionTest {
    @TempDir
    Path dir;
    Region region;

    @BeforeEach
    void writeValidRegion() {
        region = Region.named("bad", dir);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(1024))) {
            w.publishJson("{\"v\":1}");
            w.publishJson("{\"v\":2}");
        }
    }

    private void putLong(long offset, long value) throws Exception {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }

    private void putInt(long offset, int value) throws Exception {
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
    }

    private int latestSlot() {
        return 1; // version 2 went to slot 1
    }

    @Test
    void wrongMagicIsNotARegion() throws Exception {
        putLong(RegionLayout.MAGIC_OFFSET, 0x1234);
        assertThatThrownBy(region::openReader).isInstanceOf(NotARegionException.class)
                .hasMessageContaining("'bad' is not a jsonmmap region: its first 8 bytes are 0x0000000000001234, expected the magic");
        assertThatThrownBy(region::openWriter).isInstanceOf(NotARegionException.class);
        assertThat(Files.size(region.path())).as("a writer leaves a foreign file alone").isGreaterThan(4096);
    }

    @Test
    void foreignFileIsNotARegion() throws Exception {
        Files.writeString(region.path(), "{\"just\":\"a json file, not a region\"}");
        assertThatThrownBy(region::openReader).isInstanceOf(NotARegionException.class);
        assertThatThrownBy(region::openWriter).isInstanceOf(NotARegionException.class);
        assertThat(Files.readString(region.path())).startsWith("{\"just\"");
    }

    @Test
    void unsupportedFormatVersionNamesBoth() throws Exception {
        putInt(RegionLayout.FORMAT_VERSION_OFFSET, 9);
        assertThatThrownBy(region::openReader).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("has format version 9, this jsonmmap reads format version 2");
    }

    @Test
    void truncatedFileSaysDeclaredAgainstActual() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(region.path().toFile(), "rw")) {
            f.setLength(5000);
        }
        assertThatThrownBy(region::openReader).isInstanceOf(RegionTruncatedException.class)
                .hasMessageMatching("region 'bad' is truncated: header says \\d+ bytes, file has 5000");
        assertThatThrownBy(region::openWriter).isInstanceOf(RegionTruncatedException.class);
    }

    @Test
    void emptyFileIsTruncated() throws Exception {
        Files.write(region.path(), new byte[0]);
        assertThatThrownBy(region::openReader).isInstanceOf(RegionTruncatedException.class)
                .hasMessageContaining("the file has 0 bytes, a region has at least 4096");
    }

    @Test
    void flippedPayloadBitFailsTheChecksum() throws Exception {
        long payload;
        try (RegionReader r = region.openReader()) {
            payload = r.info().fileLength() - 1024; // slot 1's area is the last one
        }
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, payload + 2);
            b.put(0, (byte) (b.get(0) ^ 0x04));
            ch.write(b.flip(), payload + 2);
        }
        try (RegionReader r = region.openReader()) {
            assertThatThrownBy(r::get).isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageMatching("region 'bad' version 2 fails its checksum: stored CRC-32 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8} over 7 bytes at offset \\d+");
        }
        assertThat(region.verify()).anySatisfy(p -> assertThat(p).contains("fails its checksum"));
    }

    @Test
    void flippedDescriptorFieldFailsTheChecksumToo() throws Exception {
        putLong(RegionLayout.slotField(latestSlot(), RegionLayout.TAG_FIELD), 42);
        try (RegionReader r = region.openReader()) {
            assertThatThrownBy(r::get).isInstanceOf(ChecksumMismatchException.class);
        }
    }

    @Test
    void absurdLengthIsOutOfRange() throws Exception {
        putInt(RegionLayout.slotField(latestSlot(), RegionLayout.LENGTH_FIELD), -5);
        try (RegionReader r = region.openReader()) {
            assertThatThrownBy(r::get).isInstanceOf(RegionCorruptException.class)
                    .hasMessageContaining("slot 1 is out of range: payload offset")
                    .hasMessageContaining("length 4294967291");
        }
    }

    @Test
    void absurdOffsetIsOutOfRange() throws Exception {
        putLong(RegionLayout.slotField(latestSlot(), RegionLayout.PAYLOAD_OFFSET_FIELD), Long.MAX_VALUE - 7);
        assertReaderFindsItCorrupt("out of range");
    }

    @Test
    void commitWordNamingAnotherVersionIsCorrupt() throws Exception {
        putLong(RegionLayout.LATEST_OFFSET, RegionLayout.latestWord(7, 0, 1));
        assertReaderFindsItCorrupt("slot 1 holds version 2 but the commit word names version 7");
    }

    @Test
    void committedSlotMarkedInProgressIsCorruptNotAHang() throws Exception {
        putLong(RegionLayout.slotField(latestSlot(), RegionLayout.SEQ_FIELD), 5);
        assertReaderFindsItCorrupt("is marked as being written (sequence 5 is odd)");
    }

    @Test
    void writerTakingOverACorruptLatestSlotRecoversOnItsNextPublish() throws Exception {
        putInt(RegionLayout.slotField(latestSlot(), RegionLayout.CRC_FIELD), 0);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            assertThat(w.version()).isEqualTo(2);
            assertThat(w.current()).isEmpty();
            assertThat(w.publishJson("{\"v\":3}")).isEqualTo(3);
            assertThat(r.at("/v").orElseThrow().asInt()).isEqualTo(3);
        }
        assertThat(region.verify()).isEmpty();
    }

    @Test
    void directoryWhereARegionShouldBeIsRefused() throws Exception {
        Files.delete(region.path());
        Files.createDirectory(region.path());
        assertThatThrownBy(region::openReader).isInstanceOf(UnsafePathException.class).hasMessageContaining("is a directory");
        assertThatThrownBy(region::openWriter).isInstanceOf(UnsafePathException.class);
    }

    @Test
    void symbolicLinkIsNeverFollowed() throws Exception {
        Path real = dir.resolve("real.jmm");
        Files.move(region.path(), real);
        Files.createSymbolicLink(region.path(), real);
        assertThatThrownBy(region::openReader).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("is a symbolic link");
        assertThatThrownBy(region::openWriter).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(region::delete).isInstanceOf(UnsafePathException.class);
        assertThat(Files.exists(real)).isTrue();
    }

    /** A reader opens the region, and its first read is a {@link RegionCorruptException} that says {@code what}. */
    private void assertReaderFindsItCorrupt(String what) {
        try (RegionReader r = region.openReader()) {
            assertThatThrownBy(r::get).isInstanceOf(RegionCorruptException.class).hasMessageContaining(what);
        }
    }
}
