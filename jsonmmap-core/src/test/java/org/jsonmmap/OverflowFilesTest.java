package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.jsonmmap.internal.RegionLayout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted files whose descriptor fields make {@code offset + capacity} wrap around 2^63 or 2^64 (the sum
 * then looks small and would pass a naive range check): the reader and verify report the slot out of range
 * (never an IndexOutOfBoundsException), and a writer never writes at the truncated offset: it grows a fresh
 * area, and the header survives.
 */
class OverflowFilesTest {
    @TempDir
    Path dir;

    private static final String BIG = "{\"pad\":\"" + "x".repeat(290) + "\"}";

    private Region craft(String name, int slot, long offset, long capacity) throws Exception {
        Region region = Region.named(name, dir);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(512))) {
            w.publishJson("{\"v\":1}");
            w.publishJson("{\"v\":2}"); // slot 1 holds the latest version, slot 0 is the next publish's target
        }
        try (FileChannel ch = FileChannel.open(region.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0, offset).putLong(8, capacity);
            ch.write(b, RegionLayout.slotField(slot, RegionLayout.PAYLOAD_OFFSET_FIELD));
        }
        return region;
    }

    /** Descriptor PAYLOAD_OFFSET and CAPACITY pairs whose sum wraps around 2^63 or 2^64. */
    static Stream<Arguments> wrappingRanges() {
        return Stream.of(
                // 2^62 + 64 and 2^62: the sum is 2^63 + 64, negative; (int) offset = 64
                arguments(4611686018427387968L, 4611686018427387904L),
                // 2^63 - 64 + 128 wraps
                arguments(9223372036854775744L, 128L),
                // 2^63 + 64 as u64; (int) offset = 64
                arguments(-9223372036854775744L, 4096L),
                // capacity 2^64 - 1
                arguments(4096L, -1L),
                // 2^64 - 64 + 64 = 0
                arguments(-64L, 64L),
                // 4096 + (2^63 - 4096) = 2^63
                arguments(4096L, 9223372036854771712L));
    }

    @ParameterizedTest(name = "offset {0}, capacity {1}")
    @MethodSource("wrappingRanges")
    void readerReportsTheCommittedSlotOutOfRange(long offset, long capacity) throws Exception {
        Region region = craft("r", 1, offset, capacity);
        try (RegionReader r = region.openReader()) {
            assertThatThrownBy(r::get).isExactlyInstanceOf(RegionCorruptException.class)
                    .hasMessageContaining("slot 1 is out of range").hasMessageContaining(Long.toUnsignedString(offset));
            assertThatThrownBy(r::info).isExactlyInstanceOf(RegionCorruptException.class);
        }
        assertThat(region.verify()).anySatisfy(p -> assertThat(p).contains("slot 1 is out of range"))
                .noneSatisfy(p -> assertThat(p).containsIgnoringCase("unexpected"));
    }

    @ParameterizedTest(name = "offset {0}, capacity {1}")
    @MethodSource("wrappingRanges")
    void verifyReportsTheIdleSlotOutOfRange(long offset, long capacity) throws Exception {
        Region region = craft("v", 0, offset, capacity);
        try (RegionReader r = region.openReader()) {
            assertThat(r.text()).contains("{\"v\":2}");
        }
        assertThat(region.verify()).singleElement().asString().contains("slot 0 (version 1, not the latest)")
                .contains("out of range");
    }

    @ParameterizedTest(name = "offset {0}, capacity {1}")
    @MethodSource("wrappingRanges")
    void writerNeverWritesAtAWrappedOffsetButGrowsAFreshArea(long offset, long capacity) throws Exception {
        Region region = craft("w", 0, offset, capacity);
        byte[] headerBefore = java.util.Arrays.copyOf(Files.readAllBytes(region.path()), 64);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(512))) {
            assertThat(w.publishJson(BIG)).isEqualTo(3);
        }
        byte[] after = Files.readAllBytes(region.path());
        // the fixed header (magic, format, sizes, created) is intact: nothing was written at offset 64 or below
        assertThat(java.util.Arrays.copyOf(after, 16)).isEqualTo(java.util.Arrays.copyOf(headerBefore, 16));
        try (RegionReader r = region.openReader()) {
            assertThat(r.text()).contains(BIG);
            assertThat(r.version()).isEqualTo(3);
        }
        assertThat(region.verify()).isEmpty();
    }
}
