package org.jsonmmap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jsonmmap.internal.RegionLayout.CAPACITY_FIELD;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LENGTH_FIELD;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_OFFSET_FIELD;
import static org.jsonmmap.internal.RegionLayout.SEQ_FIELD;
import static org.jsonmmap.internal.RegionLayout.VERSION_FIELD;
import static org.jsonmmap.internal.RegionLayout.slotField;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.ChecksumMismatchException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.RegionReplacedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The read protocol (docs/FORMAT.md §6.2) on a buffer, one interleaving with the writer per test. */
class ReadProtocolTest {
    private final ProtocolFixture region = new ProtocolFixture();
    private final ReadProtocol reader = new ReadProtocol("t", 1 << 20);

    @Test
    void nothingPublishedReadsAsNoValueEvenWithAnOwnerTagInTheCommitWord() {
        region.takeOver(11);
        assertThat(region.latestWord()).isNotZero();
        ReadProtocol.Copy c = reader.readLatest(region, true);
        assertThat(c.version()).isZero();
        assertThat(c.bytes()).isNull();
    }

    @Test
    void readsTheCommittedVersion() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        region.publish(w, "{\"a\":2}");
        assertThat(region.read(reader)).isEqualTo("2:{\"a\":2}");
    }

    @Test
    void oddSequenceInTheCommittedSlotIsCorruptionWhileTheCommitWordStays() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        int slot = region.latestSlot();
        region.full.putLongPlain(slotField(slot, SEQ_FIELD), region.seq(slot) | 1);
        assertThatThrownBy(() -> reader.readLatest(region, true)).isInstanceOf(RegionCorruptException.class)
                .hasMessageContaining("is marked as being written");
    }

    @Test
    void commitWordMovingDuringTheCopyStillReturnsTheCompleteVersionItNamedFirst() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        region.midCopy(() -> region.publish(w, "{\"a\":2}"));
        assertThat(region.read(reader)).isEqualTo("1:{\"a\":1}");
        assertThat(region.remaps).isEqualTo(1);
        assertThat(region.read(reader)).isEqualTo("2:{\"a\":2}");
    }

    @Test
    void slotRewrittenTwiceDuringASlowCopyIsDiscardedAndTheReadRetries() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        region.midCopy(() -> {
            region.publish(w, "{\"a\":2}");
            region.publish(w, "{\"a\":3}"); // rewrites the slot being copied
        });
        assertThat(region.read(reader)).isEqualTo("3:{\"a\":3}");
    }

    @Test
    void descriptorOutOfRangeIsCorruptionOnlyWhileTheCommitWordStays() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        int slot = region.latestSlot();
        long goodOffset = region.full.getLongPlain(slotField(slot, PAYLOAD_OFFSET_FIELD));
        region.full.putLongPlain(slotField(slot, PAYLOAD_OFFSET_FIELD), ProtocolFixture.LENGTH * 4);
        assertThatThrownBy(() -> reader.readLatest(region, true)).isInstanceOf(RegionCorruptException.class)
                .hasMessageContaining("out of range");
        region.full.putLongPlain(slotField(slot, PAYLOAD_OFFSET_FIELD), goodOffset);
        assertThat(region.read(reader)).isEqualTo("1:{\"a\":1}");
    }

    @ParameterizedTest(name = "offset {0}, capacity {1}, length {2}")
    @CsvSource({
        "4611686018427387904, 4611686018427387904, 7",   // 2^62 + 2^62 = 2^63 wraps negative
        "9223372036854775807, 1, 7",                      // 2^63 - 1 + 1 wraps
        "9223372036854775744, 9223372036854775744, 7",    // near 2^63, aligned
        "-64, 128, 7",                                    // 2^64 - 64 as u64
        "4096, -1, 7",                                    // capacity 2^64 - 1
        "-4096, -1, -1",                                  // everything near 2^64
        "4096, 9223372036854775807, 7",                   // capacity 2^63 - 1
        "4611686018427387904, -4611686018427387904, 7",   // offset + capacity = 0 mod 2^64
        "4096, 64, -1"                                    // length 2^32 - 1
    })
    void overflowingSumsAreOutOfRangeNeverAnIndexError(long offset, long capacity, int length) {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        int slot = region.latestSlot();
        region.full.putLongPlain(slotField(slot, PAYLOAD_OFFSET_FIELD), offset);
        region.full.putLongPlain(slotField(slot, CAPACITY_FIELD), capacity);
        region.full.putIntPlain(slotField(slot, LENGTH_FIELD), length);
        assertThatThrownBy(() -> reader.readLatest(region, true)).isExactlyInstanceOf(RegionCorruptException.class)
                .hasMessageContaining("out of range");
        assertThat(new ReadProtocol("t", 1 << 20).checkIdleSlot(region)).isEmpty();
    }

    @Test
    void versionMismatchBetweenCommitWordAndSlotIsCorruption() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        int slot = region.latestSlot();
        region.full.putLongPlain(slotField(slot, VERSION_FIELD), 99);
        assertThatThrownBy(() -> reader.readLatest(region, true)).isInstanceOf(RegionCorruptException.class)
                .hasMessageContaining("holds version 99 but the commit word names version 1");
    }

    @Test
    void flippedPayloadByteFailsTheChecksum() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        region.overwriteLatestPayloadByte(2, 'b');
        assertThatThrownBy(() -> reader.readLatest(region, true)).isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void documentOverTheReadersLimitIsRefused() {
        WriteProtocol w = region.writerThatPublished("{\"a\":\"0123456789\"}");
        assertThatThrownBy(() -> new ReadProtocol("t", 8).readLatest(region, true))
                .isInstanceOf(CapacityExceededException.class).hasMessageContaining("over this reader's limit of 8");
    }

    @Test
    void tombstoneReadsAsDeleted() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        WriteProtocol.markDeleted(region.full);
        assertThat(region.full.getLongAcquire(LATEST_OFFSET)).isEqualTo(RegionLayout.TOMBSTONE);
        assertThatThrownBy(() -> reader.readLatest(region, true)).isInstanceOf(RegionReplacedException.class)
                .hasMessageContaining("deleted");
    }

    @Test
    void idleSlotThatFailsItsChecksumIsReportedByVerify() {
        WriteProtocol w = region.writerThatPublished("{\"a\":1}");
        region.publish(w, "{\"a\":2}");
        int idle = 1 - region.latestSlot();
        int offset = region.payloadOffset(idle);
        region.memory.put(offset + 2, (byte) 'b');
        assertThat(reader.checkIdleSlot(region)).singleElement().asString().contains("fails its checksum");
    }
}
