package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jsonmmap.testing.TruncatedReadsProbe;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another program truncates the region file under a live reader (in a child JVM, with a real truncation):
 * get(), text() and version() report RegionTruncatedException (or, where the JVM delivers the fault late,
 * the InternalError RegionReader documents); they never hand out an empty "nothing published", an old
 * value for a new version, or a misleading "slot is corrupt".
 */
class TruncatedUnderReaderTest {
    @TempDir
    Path dir;

    private List<String> probe(String name, long length) throws Exception {
        try (ChildJvm p = ChildJvm.start(TruncatedReadsProbe.class, dir.toString(), name, Long.toString(length))) {
            int exit = p.awaitExit(Duration.ofSeconds(60));
            List<String> out = p.output();
            assertThat(exit).as("probe output %s", out).isZero();
            assertThat(out).as("probe output").contains("EXIT");
            return out;
        }
    }

    @Test
    void headerPageKeptButSlotsLostIsReportedAsTruncation() throws Exception {
        // 100 bytes: the commit word (offset 64) still reads version 2; the slot descriptors read as zeros
        List<String> out = probe("keep-header", 100);
        assertThat(out).filteredOn(l -> l.startsWith("get ")).isNotEmpty().allSatisfy(l -> assertThat(l)
                .isEqualTo("get TRUNCATED"));
        assertThat(out).filteredOn(l -> l.startsWith("text ")).isNotEmpty().allSatisfy(l -> assertThat(l)
                .isEqualTo("text TRUNCATED"));
        assertThat(out).noneMatch(l -> l.contains("EMPTY") || l.contains("OTHER") || l.contains("FAULT"));
        assertThat(out).contains("checkFile TRUNCATED");
    }

    @Test
    void everythingLostIsReportedNeverAsNothingPublishedNorAsAnOldValue() throws Exception {
        // 0 bytes: every page is gone; a load faults, and the JVM may deliver that fault late (an InternalError
        // after the method returned, documented in RegionReader): each call is TRUNCATED or that documented
        // FAULT, never an empty "nothing published" nor version 1's value; checkFile() always knows
        List<String> out = probe("all-gone", 0);
        assertThat(out).filteredOn(l -> l.startsWith("get ") || l.startsWith("text ") || l.startsWith("version "))
                .hasSize(9).allSatisfy(l -> assertThat(l).matches("(get|text|version) (TRUNCATED|FAULT .*"
                        + "unsafe memory access.*)"));
        assertThat(out).contains("checkFile TRUNCATED");
    }
}
