package org.jsonmmap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jsonmmap.internal.RegionLayout.EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FILE_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.PAYLOAD_OFFSET_FIELD;
import static org.jsonmmap.internal.RegionLayout.RESERVED_LENGTH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.SEQ_FIELD;
import static org.jsonmmap.internal.RegionLayout.TOMBSTONE;
import static org.jsonmmap.internal.RegionLayout.VERSION_FIELD;
import static org.jsonmmap.internal.RegionLayout.isWriting;
import static org.jsonmmap.internal.RegionLayout.slotField;
import static org.jsonmmap.internal.RegionLayout.slotOf;
import static org.jsonmmap.internal.RegionLayout.versionOf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.WriterLockedException;
import org.junit.jupiter.api.Test;

/**
 * The write protocol (docs/FORMAT.md §5) on a buffer: ownership fenced by compare-and-set, slots written
 * only under a claim, and a takeover of every half-finished state a kill -9 can leave.
 */
class WriteProtocolTest {
    private final ProtocolFixture region = new ProtocolFixture();
    private final ReadProtocol reader = new ReadProtocol("t", 1 << 20);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A writer stopped between its claim and its commit: the slot is written, the commit word not yet. */
    private static long writeWithoutCommit(ProtocolFixture region, WriteProtocol w, String json) {
        byte[] b = utf8(json);
        long v = w.nextVersion();
        assertThat(w.claim(region.full, w.targetSlot())).isEqualTo(WriteProtocol.Claim.CLAIMED);
        w.writeSlot(region.full, v, b, b.length, 1, 0);
        return v;
    }

    @Test
    void takeoverFencesTheOldWritersNextPublish() {
        WriteProtocol a = region.writerThatPublished("{\"w\":\"a\"}");
        WriteProtocol b = region.takeOverWithNewLockFile(22, pid -> true);
        assertThat(b.epoch()).isEqualTo(a.epoch() + 1);
        assertThatThrownBy(() -> region.publish(a, "{\"w\":\"a2\"}")).isInstanceOf(StaleWriterException.class)
                .hasMessageContaining("another writer took it over");
        assertThat(region.publish(b, "{\"w\":\"b\"}")).isEqualTo(2);
        assertThat(region.read(reader)).isEqualTo("2:{\"w\":\"b\"}");
    }

    @Test
    void staleWritersInFlightCommitIsRefusedAndNoReaderSeesIt() {
        WriteProtocol a = region.writerThatPublished("{\"w\":\"a1\"}");
        // a passed its early check and claimed its slot; then b takes over (a's lock file was deleted)
        a.checkOwner(region.full);
        long v = a.nextVersion();
        int t = region.claimTarget(a);
        WriteProtocol b = region.takeOverWithNewLockFile(22, pid -> true);
        // the takeover left a's slot alone: it is still odd, a's claim
        assertThat(isWriting(region.seq(t))).isTrue();
        assertThat(b.claim(region.full, t)).as("b never writes a slot a may still be writing")
                .isEqualTo(WriteProtocol.Claim.BUSY);
        byte[] doc = utf8("{\"w\":\"a2\"}");
        a.writeSlot(region.full, v, doc, doc.length, 1, 0);
        assertThatThrownBy(() -> a.commit(region.full, v)).isInstanceOf(StaleWriterException.class)
                .hasMessageContaining("discarded before any reader could see it");
        assertThat(region.read(reader)).isEqualTo("1:{\"w\":\"a1\"}");
        // a released its slot: b claims it and publishes version 2, the only document version 2 ever names
        assertThat(region.publish(b, "{\"w\":\"b\"}")).isEqualTo(2);
        assertThat(region.read(reader)).isEqualTo("2:{\"w\":\"b\"}");
        assertThatThrownBy(() -> region.publish(a, "{\"w\":\"a3\"}")).isInstanceOf(StaleWriterException.class);
    }

    @Test
    void staleWriterCannotClaimASlotAfterTheFence() {
        WriteProtocol a = region.writerThatPublished("{\"w\":\"a1\"}");
        WriteProtocol b = region.takeOverWithNewLockFile(22, pid -> true);
        long before = region.seq(a.targetSlot());
        assertThatThrownBy(() -> a.claim(region.full, a.targetSlot())).isInstanceOf(StaleWriterException.class);
        assertThat(region.seq(a.targetSlot())).isEqualTo(before);
        assertThat(b.isFenced()).isFalse();
    }

    @Test
    void forcedDeletesTombstoneCannotBeOverwrittenByAnInFlightCommit() {
        WriteProtocol a = region.writerThatPublished("{\"w\":\"a1\"}");
        long v = writeWithoutCommit(region, a, "{\"w\":\"a2\"}");
        WriteProtocol.markDeleted(region.full);
        assertThatThrownBy(() -> a.commit(region.full, v)).isInstanceOf(StaleWriterException.class)
                .hasMessageContaining("deleted");
        assertThat(region.latestWord()).isEqualTo(TOMBSTONE);
    }

    @Test
    void takeoverOfATombstoneIsRefusedAsDeletedAndChangesNothing() {
        WriteProtocol a = region.writerThatPublished("{\"w\":\"a1\"}");
        WriteProtocol.markDeleted(region.full);
        byte[] before = region.snapshot();
        WriteProtocol.Takeover t = WriteProtocol.takeOver(region.full, 4608, ProtocolFixture.owner(5, p -> true));
        assertThat(t.deleted()).isTrue();
        assertThat(region.snapshot()).isEqualTo(before);
    }

    @Test
    void takeoverRefusesACommitWordBeyondTheLastVersionBeforeModifyingAnything() {
        WriteProtocol a = region.writerThatPublished("{\"w\":\"a1\"}");
        region.full.putLongPlain(LATEST_OFFSET, RegionLayout.latestWord(RegionLayout.MAX_VERSION, 0, 1) & ~TOMBSTONE
                | RegionLayout.latestWord(RegionLayout.MAX_VERSION, 0, 0));
        byte[] before = region.snapshot();
        assertThatThrownBy(() -> region.takeOver(12)).isInstanceOf(RegionCorruptException.class)
                .hasMessageContaining("beyond the largest version").hasMessageContaining("left unchanged");
        assertThat(region.snapshot()).isEqualTo(before);
    }

    @Test
    void simultaneousTakeoversNeverShareAnEpoch() {
        WriteProtocol a = region.takeOverWithNewLockFile(11, p -> true);
        WriteProtocol b = region.takeOverWithNewLockFile(22, p -> true);
        WriteProtocol c = region.takeOverWithNewLockFile(33, p -> true);
        assertThat(new long[] {a.epoch(), b.epoch(), c.epoch()}).doesNotHaveDuplicates();
        assertThat(region.full.getLongAcquire(EPOCH_OFFSET)).isEqualTo(c.epoch());
        assertThatThrownBy(() -> region.publish(a, "{}")).isInstanceOf(StaleWriterException.class);
        assertThatThrownBy(() -> region.publish(b, "{}")).isInstanceOf(StaleWriterException.class);
        assertThat(region.publish(c, "{}")).isEqualTo(1);
    }

    // ---- takeover of every half-finished state a kill -9 leaves (the successor holds the same lock file)

    @Test
    void killedAfterItsClaimLeavesAnOddSlotTheSuccessorReclaims() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = region.claimTarget(a);
        // killed here: the slot is odd
        WriteProtocol b = region.takeOver(22);
        assertThat(isWriting(region.seq(t))).isFalse();
        assertThat(region.full.getLongPlain(slotField(t, VERSION_FIELD))).as("voided").isZero();
        assertReaderSeesVersion1ThenTheSuccessorsVersion2(b);
        assertThat(reader.checkIdleSlot(region)).isEmpty();
    }

    @Test
    void killedHalfwayThroughItsWriteLeavesNothingAReaderOrVerifyBlames() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = region.claimTarget(a);
        // killed after some descriptor fields: a version and a bogus offset, no payload, no seal
        region.full.putLongPlain(slotField(t, VERSION_FIELD), 2);
        region.full.putLongPlain(slotField(t, PAYLOAD_OFFSET_FIELD), 1L << 62);
        WriteProtocol b = region.takeOver(22);
        assertThat(reader.checkIdleSlot(region)).isEmpty();
        assertReaderSeesVersion1ThenTheSuccessorsVersion2(b);
    }

    @Test
    void killedBetweenItsWriteAndItsCommitLeavesAVersionNobodyEverSaw() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        writeWithoutCommit(region, a, "{\"lost\":2}");
        WriteProtocol b = region.takeOver(22);
        assertThat(b.lastVersion()).as("the sequence continues from the commit word").isEqualTo(1);
        assertReaderSeesVersion1ThenTheSuccessorsVersion2(b);
    }

    @Test
    void killedAfterItsCommitLeavesTheNewVersionCommitted() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        region.publish(a, "{\"v\":2}");
        WriteProtocol b = region.takeOver(22);
        assertThat(b.lastVersion()).isEqualTo(2);
        assertThat(region.publish(b, "{\"v\":3}")).isEqualTo(3);
    }

    @Test
    void killedDuringAGrowthLeavesReservedSpaceTheNextGrowthSkips() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = region.claimTarget(a);
        WriteProtocol.Growth lost = a.reserve(region.full, t, 1000, 256, 1 << 20);
        long length = region.full.getLongAcquire(FILE_LENGTH_OFFSET);
        assertThat(region.full.getLongAcquire(RESERVED_LENGTH_OFFSET)).isEqualTo(lost.end());
        // killed before the allocation finished: FILE_LENGTH did not move
        WriteProtocol b = region.takeOver(22);
        String big = "[\"" + "x".repeat(2000) + "\"]";
        assertThat(region.publish(b, big)).isEqualTo(2);
        int slot = region.latestSlot();
        assertThat(region.full.getLongPlain(slotField(slot, PAYLOAD_OFFSET_FIELD))).isGreaterThanOrEqualTo(lost.end());
        assertThat(region.full.getLongAcquire(FILE_LENGTH_OFFSET)).isGreaterThan(length);
        assertThat(region.read(reader)).startsWith("2:[\"xxx");
    }

    @Test
    void killedDuringATakeoverBeforeItsFenceLeavesTheRegionToTheNextOne() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        // a successor took an epoch and died before its compare-and-set of the commit word
        long e = region.full.getLongAcquire(EPOCH_OFFSET);
        region.full.compareAndSetLong(EPOCH_OFFSET, e, e + 1);
        WriteProtocol c = region.takeOver(33);
        assertThat(c.epoch()).isEqualTo(e + 2);
        assertThat(region.publish(c, "{\"v\":2}")).isEqualTo(2);
    }

    @Test
    void killedRightAfterItsFenceStillLeavesTheFirstWritersClaimToTheNextOne() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = region.claimTarget(a); // a is killed here, its slot odd
        // b, with the same lock file, takes an epoch and fences, and is killed before it reclaims anything
        long w = region.latestWord();
        long e = region.full.getLongAcquire(EPOCH_OFFSET);
        assertThat(region.full.compareAndSetLong(EPOCH_OFFSET, e, e + 1)).isTrue();
        assertThat(region.full.compareAndSetLong(LATEST_OFFSET, w, RegionLayout.latestWord(1, e + 1, slotOf(w)))).isTrue();
        // c holds the same lock file: every writer since the lock file's first holder has released it, so a's
        // claim is abandoned although a was not the previous owner
        WriteProtocol c = region.takeOver(33);
        assertThat(isWriting(region.seq(t))).isFalse();
        assertThat(region.publish(c, "{\"v\":2}")).isEqualTo(2);
        assertThat(region.read(reader)).isEqualTo("2:{\"v\":2}");
    }

    @Test
    void claimOfAWriterFromBeforeTheLockFileWasReplacedIsNeverReclaimedOnTheLockFileAlone() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = region.claimTarget(a); // a keeps running; its lock file is deleted
        WriteProtocol b = region.takeOverWithNewLockFile(22, pid -> true);
        b.checkOwner(region.full);
        // c takes over from b with b's (new) lock file: b released it, but a never held it
        WriteProtocol c = region.takeOver(0);
        assertThat(isWriting(region.seq(t))).as("a may still be writing").isTrue();
        assertThat(c.claim(region.full, t)).isEqualTo(WriteProtocol.Claim.BUSY);
    }

    @Test
    void latestVersionThatFailsItsChecksumIsVoidedAndReplacedByTheNextPublish() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        region.overwriteLatestPayloadByte(1, 'x');
        WriteProtocol.Takeover t = WriteProtocol.takeOver(region.full, region.full.getLongAcquire(FILE_LENGTH_OFFSET),
                ProtocolFixture.owner(11, p -> true));
        assertThat(t.latestVoided()).isTrue();
        assertThat(t.latestBytes()).isNull();
        assertThatThrownBy(() -> reader.readLatest(region, true)).isInstanceOf(RegionCorruptException.class);
        assertThat(region.publish(t.protocol(), "{\"v\":2}")).isEqualTo(2);
        assertThat(region.read(reader)).isEqualTo("2:{\"v\":2}");
    }

    // ---- a claim whose writer is not proven dead

    @Test
    void slotOfAWriterThatLostItsLockFileStaysItsUntilItIsProvenDead() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = region.claimTarget(a);
        // a's lock file was deleted; b cannot tell whether a lives, and a's pid (4242 in the fixture) is alive
        boolean[] aliveNow = {true};
        WriteProtocol b = region.takeOverWithNewLockFile(22, pid -> aliveNow[0]);
        assertThat(b.claim(region.full, t)).isEqualTo(WriteProtocol.Claim.BUSY);
        assertThat(b.reclaimIfAbandoned(region.full, t)).isFalse();
        WriterLockedException busy = b.busy(t, 2000);
        assertThat(busy).hasMessageContaining("lost its lock file").hasMessageContaining("pid 4242");
        // a dies (kill -9) in the middle of its write
        aliveNow[0] = false;
        assertThat(b.reclaimIfAbandoned(region.full, t)).isTrue();
        assertThat(region.publish(b, "{\"v\":2}")).isEqualTo(2);
        assertThat(region.read(reader)).isEqualTo("2:{\"v\":2}");
    }

    @Test
    void claimByAnEpochThatNeverExistedIsDamageAndReclaimedAtOnce() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int t = a.targetSlot();
        // a damaged file: the slot is odd, claimed by "epoch" 77, above every epoch this region ever gave out
        region.full.putLongPlain(slotField(t, SEQ_FIELD), RegionLayout.claimSeq(region.seq(t), 77));
        WriteProtocol b = region.takeOverWithNewLockFile(22, pid -> true);
        assertThat(isWriting(region.seq(t))).isFalse();
        assertThat(region.publish(b, "{\"v\":2}")).isEqualTo(2);
    }

    @Test
    void growthsOfTwoWritersNeverOverlap() {
        WriteProtocol a = region.writerThatPublished("{\"v\":1}");
        int ta = region.claimTarget(a);
        WriteProtocol b = region.takeOverWithNewLockFile(22, p -> true);
        int tb = b.targetSlot();
        assertThat(tb).isEqualTo(ta);
        // b cannot claim a's slot; it would grow the other one after its first publish. Reserve directly:
        WriteProtocol.Growth gb = b.reserve(region.full, 1 - tb, 3000, 256, 1 << 20);
        WriteProtocol.Growth ga = a.reserve(region.full, ta, 3000, 256, 1 << 20);
        assertThat(ga.offset() >= gb.end() || gb.offset() >= ga.end()).isTrue();
        b.grown(region.full, gb);
        a.grown(region.full, ga);
        assertThat(region.full.getLongAcquire(FILE_LENGTH_OFFSET)).isEqualTo(Math.max(ga.end(), gb.end()));
        a.grown(region.full, new WriteProtocol.Growth(ta, ga.offset(), ga.capacity(), 5000, 0));
        assertThat(region.full.getLongAcquire(FILE_LENGTH_OFFSET)).as("never lowered")
                .isEqualTo(Math.max(ga.end(), gb.end()));
    }

    @Test
    void statusOfAFencedWriterIsRefused() {
        WriteProtocol a = region.takeOver(11);
        a.setStatus(region.full, (5L << 8) | 1);
        region.takeOverWithNewLockFile(22, p -> true);
        assertThatThrownBy(() -> a.setStatus(region.full, (6L << 8) | 2)).isInstanceOf(StaleWriterException.class);
        assertThat(region.full.getLongAcquire(RegionLayout.STATUS_OFFSET)).isEqualTo(7L << 8);
    }

    @Test
    void everyWordIsTheSameAfterARefusedTakeoverOfAForeignCommitWord() {
        // the refusal happens before any store: the file stays exactly as it was
        region.full.putLongPlain(LATEST_OFFSET, -2L);
        byte[] before = region.snapshot();
        assertThatThrownBy(() -> region.takeOver(1)).isInstanceOf(RegionCorruptException.class);
        assertThat(Arrays.equals(region.snapshot(), before)).isTrue();
        assertThat(versionOf(-2L)).isEqualTo(RegionLayout.MAX_VERSION);
        assertThat(region.seq(0)).isZero();
        assertThat(region.full.getLongPlain(slotField(1, SEQ_FIELD))).isZero();
    }

    /** The reader still sees version 1; the successor's first publish is version 2, and the reader sees it. */
    private void assertReaderSeesVersion1ThenTheSuccessorsVersion2(WriteProtocol successor) {
        assertThat(region.read(reader)).isEqualTo("1:{\"v\":1}");
        assertThat(region.publish(successor, "{\"v\":2}")).isEqualTo(2);
        assertThat(region.read(reader)).isEqualTo("2:{\"v\":2}");
    }
}
