package org.jsonmmap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.Versioned;
import org.jsonmmap.testkit.Scratch;
import org.jsonmmap.testkit.SelfCheckingDocuments;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The harness's own checks: the roles check the trees a reader hands out ({@code value().toString()}) and the
 * text it reads with the test kit's self-checking documents; a result line becomes one report line.
 */
class HarnessChecksTest {
    @Test
    void documentsReadBackFromARegionPassTheKitsCheckAsTreesAndAsText() {
        try (Scratch scratch = Scratch.create("harness");
                RegionWriter w = Region.named("docs", scratch.path()).openWriter();
                RegionReader r = Region.named("docs", scratch.path()).openReader()) {
            for (int kind = 0; kind < SelfCheckingDocuments.KINDS; kind++) {
                long v = w.publishJson(SelfCheckingDocuments.bytes(w.version() + 1, kind, kind == 2));
                Versioned<JsonNode> x = r.snapshot().orElseThrow();
                assertThat(SelfCheckingDocuments.check(x.value().toString(), x.version())).as("kind %d", kind).isNull();
                assertThat(SelfCheckingDocuments.check(r.text().orElseThrow(), v)).isNull();
                assertThat(SelfCheckingDocuments.isLast(x.value().toString())).isEqualTo(kind == 2);
            }
        }
    }

    @Test
    void aResultLineBecomesOneReportLine() {
        Result r = new Result(3, "reader-crash", "kills");
        r.ops = 12;
        r.figure("writer errors", 0);
        String line = Result.reportLineOf(r.toResultLine());
        assertThat(line).isEqualTo("scenario 3 reader-crash: ops=12 (kills), failures=0, verdict PASS | writer errors=0");
        r.fail("something");
        assertThat(Result.reportLineOf(r.toResultLine())).contains("failures=1, verdict FAIL").contains("something");
    }
}
