package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tool's edges as a user meets them through {@code bin/jsonmmap}: what {@code rm} may delete, what
 * {@code get} and {@code watch} may print, exact pointer values, missing directories, I/O failures and
 * invalid JSON in words.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EdgesIT extends LauncherTest {
    private static void oneSentence(ChildJvm.Result r, String containing) {
        assertThat(r.err()).as(r.toString()).startsWith("jsonmmap: ").contains(containing).doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------ rm

    @Test
    void rmRefusesAFileThatIsNotARegionAndTouchesNothing() throws IOException {
        Path json = Files.writeString(tmp.resolve("app.json"), "{\"keep\":true}");
        Files.writeString(tmp.resolve("app.json.lock"), "");
        ChildJvm.Result r = cli.run("rm", json.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.CORRUPT.code());
        oneSentence(r, "is not a region");
        assertThat(json).hasContent("{\"keep\":true}");
        assertThat(tmp.resolve("app.json.lock")).exists();
        ChildJvm.Result forced = cli.run("rm", "--force", json.toString());
        assertThat(forced.exit()).as(forced.toString()).isEqualTo(ExitCode.CORRUPT.code());
        assertThat(json).exists();
        // what get and verify say about the same file: not a region, the same code
        assertThat(cli.run("get", json.toString()).exit()).isEqualTo(ExitCode.CORRUPT.code());
    }

    @Test
    void rmStillDeletesARegionEvenACorruptOne() throws IOException {
        assertThat(cli.pipe("{\"a\":1}", "publish", "cfg").exit()).isZero();
        Path file = cli.dir().resolve("cfg.jmm");
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1; // damage inside, magic intact
        Files.write(file, b);
        ChildJvm.Result r = cli.run("rm", "cfg");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(file).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------------ ls

    @Test
    void lsOfAMissingDirectoryIsAnError() {
        ChildJvm.Result r = cli.run("ls", "--dir", tmp.resolve("no-such-dir").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
        oneSentence(r, "region directory " + tmp.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void ioFailuresHaveTheirOwnMessageAndCode() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        ChildJvm.Result ls = cli.run("ls", "--dir", file.toString());
        assertThat(ls.exit()).as(ls.toString()).isEqualTo(ExitCode.IO_ERROR.code());
        oneSentence(ls, "is not a directory");
        ChildJvm.Result get = cli.run("get", "--dir", file.toString(), "cfg");
        assertThat(get.exit()).as(get.toString()).isEqualTo(ExitCode.IO_ERROR.code());
        oneSentence(get, file + " is not a directory");
        ChildJvm.Result publish = cli.pipe("{}", "publish", "--dir", file.toString(), "cfg");
        assertThat(publish.exit()).as(publish.toString()).isEqualTo(ExitCode.IO_ERROR.code());
        oneSentence(publish, file.toString());
    }

    // ------------------------------------------------------------------------------------- printed values

    @Test
    void pointerPrintsTheExactPublishedText() {
        assertThat(cli.pipe("{\"pi\":3.14159265358979323846264338327950288,\"n\":12345678901234567890123456789,"
                + "\"s\":\"caf\\u00e9\",\"a\":[1.50,{\"k\":1e400}]}", "publish", "num").exit()).isZero();
        assertThat(cli.run("get", "num", "--pointer", "/pi").out().strip())
                .isEqualTo("3.14159265358979323846264338327950288");
        assertThat(cli.run("get", "num", "--pointer", "/n").out().strip()).isEqualTo("12345678901234567890123456789");
        assertThat(cli.run("get", "num", "--pointer", "/a/0").out().strip()).isEqualTo("1.50");
        assertThat(cli.run("get", "num", "--pointer", "/a/1").out().strip()).isEqualTo("{\"k\":1e400}");
        assertThat(cli.run("get", "num", "--pointer", "/s").out().strip()).isEqualTo("\"caf\\u00e9\"");
    }

    /** Payloads that follow every rule of docs/FORMAT.md except 3.3, written the way any other writer could. */
    @Test
    void getAndVerifyRefusePayloadsThatAreNotOneValidJsonValue() throws Exception {
        String[][] cases = {
            {"bom", "\\xef\\xbb\\xbf{\"a\":1}", "byte-order mark"},
            {"cut", "{\"a\":[1,2", "ends"},
            {"two", "{\"a\":1} {\"b\":2}", "more content"},
            {"utf8", "{\"a\":\"\\xff\\xfe\"}", "UTF-8"},
            {"deep", "[".repeat(1001) + "]".repeat(1001), "nesting depth"},
        };
        for (String[] c : cases) {
            foreignPublish(c[0], c[1]);
            ChildJvm.Result get = cli.run("get", c[0]);
            assertThat(get.exit()).as(c[0] + ": " + get).isEqualTo(ExitCode.CORRUPT.code());
            assertThat(get.out()).as(c[0]).isEmpty();
            assertThat(get.err()).as(c[0] + ": " + get).contains(c[2]).doesNotContain("\tat ");
            assertThat(cli.run("get", c[0], "--pretty").exit()).as(c[0]).isEqualTo(ExitCode.CORRUPT.code());
            ChildJvm.Result verify = cli.run("verify", c[0]);
            assertThat(verify.exit()).as(c[0] + ": " + verify).isEqualTo(ExitCode.CORRUPT.code());
        }
    }

    @Test
    void watchRefusesAnInvalidPayloadInsteadOfPrintingIt() throws Exception {
        foreignPublish("w", "{\"a\":1} {\"b\":2}");
        ChildJvm.Result r = cli.run("watch", "w", "--count", "1", "--timeout", "20s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.CORRUPT.code());
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("more content");
    }

    @Test
    void watchFollowsARegionDeletedAndCreatedAgainAndSaysSo() throws Exception {
        assertThat(cli.pipe("{\"gen\":1}", "publish", "re").exit()).isZero();
        try (ChildJvm watch = cli.start("watch", "re")) {
            assertThat(watch.awaitLine("{\"gen\":1}", java.time.Duration.ofSeconds(60))).isNotNull();
            assertThat(cli.run("rm", "re").exit()).isZero();
            assertThat(cli.pipe("{\"gen\":2}", "publish", "re").exit()).isZero();
            assertThat(watch.awaitLine("{\"gen\":2}", java.time.Duration.ofSeconds(60))).isNotNull();
            watch.kill();
            assertThat(watch.stderr()).contains("region 're' was deleted").contains("following the next file");
        }
    }

    // ---------------------------------------------------------------------------------------- invalid input

    @Test
    void invalidJsonIsReportedByLineAndColumnInWords() {
        ChildJvm.Result r = cli.pipe("{\n  \"a\": 1, // comment\n  \"b\": 2\n}\n", "publish", "c");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INVALID_JSON.code());
        oneSentence(r, "at line 2, column");
        assertThat(r.err()).contains("JSON has no comments").doesNotContain("Feature").doesNotContain("ALLOW_")
                .doesNotContain("byte offset").doesNotContain("#UNKNOWN").doesNotContain("(at byte");
        ChildJvm.Result eof = cli.pipe("{\"a\": [1, 2", "publish", "c");
        assertThat(eof.err()).as(eof.toString()).contains("line 1").doesNotContain("-1");
    }

    @Test
    void maxCapacityIsNotRaisedByALargerInitialCapacity() {
        ChildJvm.Result r = cli.pipe("{}", "publish", "cap", "--max-capacity", "16k", "--capacity", "64k");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("larger than the max capacity");
        assertThat(cli.dir().resolve("cap.jmm")).doesNotExist();
    }

    @Test
    void refusedFirstPublishLeavesNoEmptyRegion() {
        ChildJvm.Result big = cli.pipe("{\"a\":\"" + "x".repeat(100) + "\"}", "publish", "big", "--max-capacity", "16");
        assertThat(big.exit()).as(big.toString()).isEqualTo(ExitCode.TOO_LARGE.code());
        assertThat(cli.dir().resolve("big.jmm")).doesNotExist();
        assertThat(cli.run("get", "big").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        ChildJvm.Result line = cli.pipe("{\"a\":\"" + "x".repeat(100) + "\"}\n", "publish", "lines", "--lines",
                "--max-capacity", "16");
        assertThat(line.exit()).as(line.toString()).isEqualTo(ExitCode.TOO_LARGE.code());
        assertThat(cli.dir().resolve("lines.jmm")).doesNotExist();
        // an existing region keeps its version
        assertThat(cli.pipe("{}", "publish", "kept").exit()).isZero();
        assertThat(cli.pipe("{\"a\":\"" + "x".repeat(100) + "\"}", "publish", "kept", "--max-capacity", "16").exit())
                .isEqualTo(ExitCode.TOO_LARGE.code());
        assertThat(cli.run("get", "kept").out().strip()).isEqualTo("{}");
    }

    @Test
    void helpShowsTheMultiUserSetupAndTheNewExitCodes() {
        ChildJvm.Result publish = cli.run("publish", "--help");
        assertThat(publish.out()).contains("install -d -m 2750").contains("--mode 0640").contains("Several users");
        ChildJvm.Result bridge = cli.run("bridge", "zookeeper", "--help");
        assertThat(bridge.out()).contains("--mode").contains("--mode 0640");
        ChildJvm.Result top = cli.run("--help");
        assertThat(top.out()).contains("permission denied").contains("I/O error");
    }

    // ------------------------------------------------------------------------------------------ support

    /**
     * Publishes raw bytes through the Python package's writer below its JSON check (a writer that follows
     * docs/FORMAT.md but not its 3.3, like a buggy third-party one). {@code escaped} uses Python's \xNN.
     */
    private void foreignPublish(String name, String escaped) throws Exception {
        Path python = Paths.get("..", "python").toAbsolutePath().normalize();
        String code = "import sys\nfrom jsonmmap import Writer\n"
                + "with Writer(sys.argv[1], sys.argv[2]) as w:\n"
                + "    w._publish(sys.argv[3].encode('latin-1').decode('unicode_escape').encode('latin-1'), 0)\n";
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", code, name, cli.dir().toString(), escaped);
        pb.environment().put("PYTHONPATH", python.toString());
        pb.redirectErrorStream(true);
        Files.createDirectories(cli.dir());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
