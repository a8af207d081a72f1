package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** publish and get, through the real launcher: documents come back as they went in. */
class PublishGetIT extends LauncherTest {
    static JsonNode tree(String json) {
        return JsonMapper.shared().readTree(json);
    }

    @Test
    void publishedDocumentsComeBackFromGetExactlyIncludingNonAsciiText() {
        String[] docs = {
            "{\"greeting\":\"héllo wörld\",\"jp\":\"日本語\",\"emoji\":\"🎉\",\"esc\":\"tab\\t quote\\\" \\u00e9\"}",
            "[1,-2.5,1.000000000000000000001,12345678901234567890123,1e-300,true,false,null]",
            "\"just a string\"",
            "{\"nested\":{\"a\":[{\"b\":[[],{}]}]},\"empty\":\"\"}",
        };
        long version = 0;
        for (String doc : docs) {
            ChildJvm.Result pub = cli.pipe(doc, "publish", "doc");
            assertThat(pub.exit()).as(pub.toString()).isZero();
            assertThat(pub.out().trim()).isEqualTo(String.valueOf(++version));
            ChildJvm.Result get = cli.run("get", "doc");
            assertThat(get.exit()).as(get.toString()).isZero();
            assertThat(get.out()).isEqualTo(doc + "\n");
            assertThat(tree(get.out())).isEqualTo(tree(doc));
        }
    }

    @Test
    void getPrintsPrettyInputCompactWithTheSameMeaning() {
        String pretty = "{\n  \"a\" : [ 1, 2 ],\n  \"s\" : \"x  y\"\n}\n";
        assertThat(cli.pipe(pretty, "publish", "p").exit()).isZero();
        ChildJvm.Result get = cli.run("get", "p");
        assertThat(get.out()).isEqualTo("{\"a\":[1,2],\"s\":\"x  y\"}\n");
        ChildJvm.Result indented = cli.run("get", "p", "--pretty");
        assertThat(indented.out()).isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"s\": \"x  y\"\n}\n");
    }

    @Test
    void publishReadsAFileArgumentOrDashForStandardInput() throws Exception {
        Path file = tmp.resolve("in.json");
        Files.writeString(file, "{\"from\":\"file\"}", StandardCharsets.UTF_8);
        assertThat(cli.run("publish", "f", file.toString()).exit()).isZero();
        assertThat(cli.run("get", "f").out()).isEqualTo("{\"from\":\"file\"}\n");
        assertThat(cli.pipe("{\"from\":\"stdin\"}", "publish", "f", "-").out()).isEqualTo("2\n");
        assertThat(cli.run("get", "f").out()).isEqualTo("{\"from\":\"stdin\"}\n");
    }

    @Test
    void largeDocumentsRoundTripAcrossGrowth() {
        String small = "{\"size\":\"small\"}";
        String medium = bigDocument(20_000);
        String large = bigDocument(3_000_000);
        String[] sequence = {small, medium, large, small, large};
        for (String doc : sequence) {
            ChildJvm.Result pub = cli.pipe(doc, "publish", "big", "--capacity", "1k");
            assertThat(pub.exit()).as(pub.toString()).isZero();
            ChildJvm.Result get = cli.run("get", "big");
            assertThat(get.exit()).as(get.toString()).isZero();
            assertThat(get.out().length()).isEqualTo(doc.length() + 1);
            assertThat(get.out()).isEqualTo(doc + "\n");
        }
        assertThat(cli.run("get", "big", "--version").out()).startsWith("{\"version\":5,\"value\":{");
    }

    /** A compact document of about {@code chars} characters, mixing ASCII and non-ASCII text. */
    static String bigDocument(int chars) {
        StringBuilder sb = new StringBuilder(chars + 100).append("{\"items\":[");
        for (int i = 0; sb.length() < chars; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"i\":").append(i).append(",\"t\":\"ünïcødé ").append(i).append(" 数据\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void getPointerPrintsOnlyThatPart() {
        cli.pipe("{\"db\":{\"url\":\"pg://a\",\"ports\":[5432,5433]}}", "publish", "cfg");
        assertThat(cli.run("get", "cfg", "--pointer", "/db/url").out()).isEqualTo("\"pg://a\"\n");
        assertThat(cli.run("get", "cfg", "-p", "/db/ports/1").out()).isEqualTo("5433\n");
        assertThat(cli.run("get", "cfg", "--pointer", "/db").out()).isEqualTo("{\"url\":\"pg://a\",\"ports\":[5432,5433]}\n");
    }

    @Test
    void getVersionPrintsTheVersionNumberWithTheValue() {
        cli.pipe("{\"a\":1}", "publish", "v");
        cli.pipe("{\"a\":2}", "publish", "v");
        assertThat(cli.run("get", "v", "--version").out()).isEqualTo("{\"version\":2,\"value\":{\"a\":2}}\n");
        assertThat(cli.run("get", "v", "--version", "--pointer", "/a").out()).isEqualTo("{\"version\":2,\"value\":2}\n");
    }

    @Test
    void getWaitReturnsOnceTheFirstValueIsPublished() throws Exception {
        try (ChildJvm get = cli.start("get", "later", "--wait", "60s")) {
            Thread.sleep(1000);
            assertThat(cli.pipe("{\"late\":true}", "publish", "later").exit()).isZero();
            assertThat(get.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(get.output()).containsExactly("{\"late\":true}");
        }
    }

    @Test
    void nameContainingSlashIsAPathAndDirOptionChoosesTheDirectory() throws Exception {
        Path file = tmp.resolve("elsewhere").resolve("x.jmm");
        Files.createDirectories(file.getParent());
        assertThat(cli.pipe("[1]", "publish", file.toString()).exit()).isZero();
        assertThat(cli.run("get", file.toString()).out()).isEqualTo("[1]\n");
        assertThat(cli.run("get", "x", "--dir", file.getParent().toString()).out()).isEqualTo("[1]\n");
        assertThat(cli.run("--dir", file.getParent().toString(), "get", "x").out()).isEqualTo("[1]\n");
        assertThat(cli.run("get", "x").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    @Test
    void modeOptionSetsTheModeOfANewRegion() {
        assertThat(cli.pipe("{}", "publish", "shared", "--mode", "0640").exit()).isZero();
        JsonNode stat = tree(cli.run("stat", "shared", "--json").out());
        assertThat(stat.get("mode").asString()).isEqualTo("0640");
    }

    @Test
    void durablePublishWorksLikeAnyOther() {
        assertThat(cli.pipe("{\"d\":1}", "publish", "dur", "--durable").exit()).isZero();
        assertThat(cli.run("get", "dur").out()).isEqualTo("{\"d\":1}\n");
    }

    @Test
    void getRawPrintsAStringWithoutQuotesOrEscapesAndOtherValuesAsJson() {
        cli.pipe("{\"db\":{\"url\":\"pg://a\",\"note\":\"tab\\t \\\"q\\\" \\u00e9\",\"port\":5432}}", "publish", "raw");
        assertThat(cli.run("get", "raw", "--pointer", "/db/url", "--raw").out()).isEqualTo("pg://a\n");
        assertThat(cli.run("get", "raw", "-p", "/db/note", "-r").out()).isEqualTo("tab\t \"q\" é\n");
        assertThat(cli.run("get", "raw", "-p", "/db/port", "--raw").out()).isEqualTo("5432\n");
        // not a string: JSON, exactly as published (escapes included)
        assertThat(cli.run("get", "raw", "-p", "/db", "--raw").out())
                .isEqualTo("{\"url\":\"pg://a\",\"note\":\"tab\\t \\\"q\\\" \\u00e9\",\"port\":5432}\n");
        assertThat(cli.run("get", "raw", "--raw").out()).startsWith("{\"db\":{");
    }

    @Test
    void getTakesTheNewSpellingsWithVersionAndTimeout() throws Exception {
        cli.pipe("{\"a\":1}", "publish", "nv");
        assertThat(cli.run("get", "nv", "--with-version").out()).isEqualTo("{\"version\":1,\"value\":{\"a\":1}}\n");
        try (ChildJvm get = cli.start("get", "later2", "-t", "60s", "--with-version")) {
            Thread.sleep(500);
            assertThat(cli.pipe("[7]", "publish", "later2").exit()).isZero();
            assertThat(get.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(get.output()).containsExactly("{\"version\":1,\"value\":[7]}");
        }
        ChildJvm.Result expired = cli.run("get", "never", "--timeout", "300ms");
        assertThat(expired.exit()).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(expired.err()).contains("did not appear within 300ms");
    }
}
