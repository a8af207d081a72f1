package org.jsonmmap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The soak's check must accept every document as built and reject torn, mixed and mislabelled ones. */
class DocTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static JsonNode parse(byte[] bytes) {
        return MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void intactDocumentsOfEverySizePass() {
        for (int size : Doc.SIZES) {
            byte[] doc = Doc.build(42, size, false);
            assertThat(doc.length).as("size %d", size).isBetween(Math.min(size, 40), Math.max(size, 90));
            assertThat(Doc.check(parse(doc), 42)).isNull();
        }
        assertThat(Doc.isLast(parse(Doc.build(7, 64, true)))).isTrue();
    }

    @Test
    void aReadMixingTwoVersionsIsCaught() {
        byte[] a = Doc.build(100, 16 * 1024, false);
        byte[] b = Doc.build(101, 16 * 1024, false);
        // same length (the version has the same digit count): splice the head of b onto the tail of a
        assertThat(a.length).isEqualTo(b.length);
        for (int cut : new int[] {10, 100, 8_000, a.length - 20}) {
            byte[] torn = a.clone();
            System.arraycopy(b, 0, torn, 0, cut);
            assertThat(Doc.check(parse(torn), 0)).as("cut at %d", cut).isNotNull();
        }
    }

    @Test
    void aDocumentUnderAnotherVersionIsCaught() {
        assertThat(Doc.check(parse(Doc.build(5, 1024, false)), 6)).contains("mixed read");
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
