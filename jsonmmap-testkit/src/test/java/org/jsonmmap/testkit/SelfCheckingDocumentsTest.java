package org.jsonmmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SelfCheckingDocumentsTest {
    /** python/tests/selfcheck_documents.py, from this module's directory or the repository's. */
    private static Path pythonTwin() {
        for (Path p : List.of(Paths.get("../python/tests/selfcheck_documents.py"),
                Paths.get("python/tests/selfcheck_documents.py"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new AssertionError("python/tests/selfcheck_documents.py not found from " + Paths.get("").toAbsolutePath());
    }

    @Test
    void documentsOfEveryKindAreIntactAndGrowAcrossTheInitialCapacity() {
        int previous = 0;
        for (int kind = 0; kind < SelfCheckingDocuments.KINDS; kind++) {
            String doc = SelfCheckingDocuments.document(42, kind);
            assertThat(SelfCheckingDocuments.check(doc, 42)).isNull();
            assertThat(doc.length()).isGreaterThan(previous);
            previous = doc.length();
        }
        assertThat(SelfCheckingDocuments.document(0, 2).length()).isGreaterThan(64 * 1024);
        assertThat(SelfCheckingDocuments.document(0, 3).length()).isGreaterThan(512 * 1024);
        assertThat(SelfCheckingDocuments.kindOfSize(64)).isZero();
        assertThat(SelfCheckingDocuments.kindOfSize(1024)).isEqualTo(1);
        assertThat(SelfCheckingDocuments.kindOfSize(90_000)).isEqualTo(2);
        assertThat(SelfCheckingDocuments.kindOfSize(1_600_000)).isEqualTo(4);
        assertThat(SelfCheckingDocuments.kindOfSize(10 << 20)).isEqualTo(4);
    }

    @Test
    void theFormatIsTheOneTheTortureTestsShare() {
        assertThat(SelfCheckingDocuments.document(7, 0))
                .isEqualTo("{\"n\":7,\"kind\":0,\"items\":[{\"id\":0,\"name\":\"item-7-0\",\"weight\":217}],\"end\":\"n=7\"}");
        assertThat(SelfCheckingDocuments.kindOf(6)).isEqualTo(2);
        assertThat(SelfCheckingDocuments.kindOf(7)).isEqualTo(3);
        assertThat(SelfCheckingDocuments.kindOf(8)).isZero();
    }

    @Test
    void aReadMixingTwoDocumentsIsCaughtWhereverTheCut() {
        String a = SelfCheckingDocuments.document(100, 1);
        String b = SelfCheckingDocuments.document(101, 1);
        assertThat(a).hasSameSizeAs(b);
        for (int cut : new int[] {8, 10, 100, a.length() / 2, a.length() - 3}) {
            String torn = b.substring(0, cut) + a.substring(cut);
            assertThat(SelfCheckingDocuments.check(torn)).as("cut at %d", cut).isNotNull();
        }
        assertThat(SelfCheckingDocuments.check("{\"n\":1,\"kind\":9,")).contains("kind 9");
        assertThat(SelfCheckingDocuments.check("[1,2]")).contains("not a self-checking document");
    }

    @Test
    void aWholeDocumentUnderAnotherVersionIsAMixedRead() {
        assertThat(SelfCheckingDocuments.check(SelfCheckingDocuments.document(5, 1), 6)).contains("mixed read");
        assertThat(SelfCheckingDocuments.check(SelfCheckingDocuments.document(5, 1), -1)).isNull();
    }

    @Test
    void aDocumentNamingItsWriterIsIntactAndTellsWhichWriter() {
        String a = SelfCheckingDocuments.document(3, 1, false, "w0-1");
        String b = SelfCheckingDocuments.document(3, 1, false, "w1-1");
        assertThat(a).startsWith("{\"n\":3,\"w\":\"w0-1\",\"kind\":1,");
        assertThat(SelfCheckingDocuments.check(a, 3)).isNull();
        assertThat(SelfCheckingDocuments.writerOf(b)).isEqualTo("w1-1");
        assertThat(SelfCheckingDocuments.writerOf(SelfCheckingDocuments.document(3, 1))).isNull();
        String next = SelfCheckingDocuments.document(4, 1, false, "w0-1");
        assertThat(SelfCheckingDocuments.check(next.substring(0, 40) + a.substring(40))).isNotNull();
    }

    @Test
    void theLastDocumentOfARunSaysSoAndIsIntact() {
        String last = SelfCheckingDocuments.document(12, 0, true);
        assertThat(SelfCheckingDocuments.isLast(last)).isTrue();
        assertThat(SelfCheckingDocuments.check(last, 12)).isNull();
        assertThat(SelfCheckingDocuments.isLast(SelfCheckingDocuments.document(12, 0))).isFalse();
    }

    @Test
    void thePythonTwinBuildsTheSameBytes() throws Exception {
        for (long[] nk : new long[][] {{0, 0}, {7, 1}, {123456789012L, 2}, {3, 3}}) {
            ChildJvm.Result r = ChildJvm.command(List.of("python3", pythonTwin().toString(),
                    String.valueOf(nk[0]), String.valueOf(nk[1]))).run(new byte[0], Duration.ofSeconds(60));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out().getBytes(StandardCharsets.UTF_8))
                    .as("document (%d, %d)", nk[0], nk[1]).isEqualTo(SelfCheckingDocuments.bytes(nk[0], (int) nk[1]));
        }
        ChildJvm.Result last = ChildJvm.command(List.of("python3", pythonTwin().toString(), "9", "0", "last", "w-2"))
                .run(new byte[0], Duration.ofSeconds(60));
        assertThat(last.out()).isEqualTo(SelfCheckingDocuments.document(9, 0, true, "w-2"));
    }
}
