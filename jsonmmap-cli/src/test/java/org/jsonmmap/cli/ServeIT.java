package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code jsonmmap serve} as a service is run: a real file edited the ways people and tools edit it, real
 * signals, followers in other processes, {@code stat} reading what serve recorded.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServeIT extends LauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"db\"],\"properties\":{\"db\":{\"type\":\"object\","
            + "\"required\":[\"url\"],\"properties\":{\"url\":{\"type\":\"string\"},"
            + "\"pool\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":64}}}}}";

    Path file;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(tmp.resolve("etc"));
        file = tmp.resolve("etc/app.json");
    }

    /** Writes in place, as {@code echo ... > app.json} does: truncate, then write. */
    private void editInPlace(String json) throws IOException {
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /** Writes a temporary file and renames it over, as editors and deploy tools do. */
    private void renameOver(String json) throws IOException {
        Path t = tmp.resolve("etc/.app.json.tmp");
        Files.writeString(t, json, StandardCharsets.UTF_8);
        Files.move(t, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void signal(ChildJvm p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /** What a follower reads now, as {"version":N,"value":...} (the version from stat, the value from get). */
    private String get() {
        ChildJvm.Result r = cli.run("get", "cfg");
        assertThat(r.exit()).as(r.toString()).isZero();
        return "{\"version\":" + statJson().get("version").asLong() + ",\"value\":" + r.out().trim() + "}";
    }

    private JsonNode statJson() {
        ChildJvm.Result r = cli.run("stat", "cfg", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return JsonMapper.shared().readTree(r.out());
    }

    @Test
    void serveFollowsEditsInPlaceRenamesDeletionRecreationAndSighupPublishingOnlyChanges() throws Exception {
        editInPlace("{\"db\":{\"url\":\"pg://a\"}}");
        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg");
             ChildJvm follower = cli.start("watch", "cfg", "--with-version", "--timeout", "240s")) {
            serve.awaitLine(l -> l.contains(" published v1 ") && l.contains("start"), WAIT);
            follower.awaitLine(l -> l.equals("{\"version\":1,\"value\":{\"db\":{\"url\":\"pg://a\"}}}"), WAIT);

            editInPlace("{\"db\":{\"url\":\"pg://b\"}}");
            serve.awaitLine(l -> l.contains(" published v2 "), WAIT);
            follower.awaitLine(l -> l.equals("{\"version\":2,\"value\":{\"db\":{\"url\":\"pg://b\"}}}"), WAIT);

            editInPlace("{\"db\":{\"url\":\"pg://b\"}}");
            serve.awaitLine(l -> l.contains(" unchanged v2 (same bytes"), WAIT);
            editInPlace("{\n  \"db\" : { \"url\" : \"pg://b\" }\n}\n");
            serve.awaitLine(l -> l.contains(" unchanged v2 (same JSON, only spacing or member order differ"), WAIT);

            renameOver("{\"db\":{\"url\":\"pg://c\"}}");
            // (usually by the rename's event; the interval check may notice it first under load)
            serve.awaitLine(l -> l.contains(" published v3 "), WAIT);
            follower.awaitLine(l -> l.startsWith("{\"version\":3,"), WAIT);
            assertThat(get()).isEqualTo("{\"version\":3,\"value\":{\"db\":{\"url\":\"pg://c\"}}}");

            Files.delete(file);
            serve.awaitLine(l -> l.contains(" kept v3: app.json is missing"), WAIT);
            assertThat(statJson().at("/status/sourceInvalid").asBoolean()).isTrue();
            assertThat(get()).isEqualTo("{\"version\":3,\"value\":{\"db\":{\"url\":\"pg://c\"}}}");

            renameOver("{\"db\":{\"url\":\"pg://d\"}}");
            serve.awaitLine(l -> l.contains(" published v4 ") && l.contains("source valid again"), WAIT);
            assertThat(statJson().at("/status/sourceInvalid").asBoolean()).isFalse();

            signal(serve, "HUP");
            serve.awaitLine(l -> l.contains(" unchanged v4 (same bytes; SIGHUP)"), WAIT);
            follower.awaitLine(l -> l.startsWith("{\"version\":4,"), WAIT);
            // the follower printed each version once, in order: unchanged content woke nobody
            assertThat(follower.output()).extracting(l -> JsonMapper.shared().readTree(l).get("version").asLong())
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aSighupIgnoredSinceStartAsUnderNohupIsReportedAndEditsAreStillFollowed() throws Exception {
        editInPlace("{\"n\":1}");
        // nohup starts serve with SIGHUP ignored, and a JVM keeps an ignored shutdown signal ignored: kill -HUP
        // would never reach serve, so it must say so at start instead of leaving the operator to wait
        try (ChildJvm serve = cli.startUnder(List.of("nohup"), "serve", file.toString(), "cfg")) {
            serve.awaitLine(l -> l.contains(" published v1 "), WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!serve.stderr().contains("cannot handle SIGHUP") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(serve.stderr()).contains("cannot handle SIGHUP (SIGHUP was already ignored when this process"
                    + " started (by nohup", "changes are still noticed by events and every ");
            renameOver("{\"n\":2}");
            serve.awaitLine(l -> l.contains(" published v2 "), WAIT);
        }
    }

    @Test
    void invalidEditsAreKeptOutWithTheReasonAndTheNextGoodEditClearsTheStatus() throws Exception {
        Path schema = Files.writeString(tmp.resolve("etc/app.schema.json"), SCHEMA);
        editInPlace("{\"db\":{\"url\":\"pg://a\",\"pool\":4}}");
        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg", "--schema", schema.toString())) {
            serve.awaitLine(l -> l.contains(" published v1 "), WAIT);

            renameOver("{\"db\":{\"url\":");
            String notJson = serve.awaitLine(l -> l.contains(" kept v1: app.json is not valid JSON: "), WAIT);
            assertThat(notJson).contains("source invalid since ");
            String since = notJson.substring(notJson.indexOf("source invalid since ") + "source invalid since ".length());

            renameOver("{\"db\":{\"url\":7,\"pool\":100}}");
            String broken = serve.awaitLine(l -> l.contains(" kept v1: app.json breaks the schema (2 violations): "), WAIT);
            assertThat(broken).contains("$.db.url type: ", "$.db.pool maximum: ")
                    .as("the since-time is when the source first became invalid").endsWith("source invalid since " + since);

            // followers keep the last good version and can tell why
            assertThat(get()).isEqualTo("{\"version\":1,\"value\":{\"db\":{\"url\":\"pg://a\",\"pool\":4}}}");
            JsonNode stat = statJson();
            assertThat(stat.at("/status/sourceInvalid").asBoolean()).isTrue();
            assertThat(stat.at("/status/since").asString()).isEqualTo(since);
            assertThat(stat.at("/serve/file").asString()).isEqualTo(file.toString());
            assertThat(stat.at("/serve/lastGood").asLong()).isEqualTo(1);
            assertThat(stat.at("/serve/invalidSince").asString()).isEqualTo(since);
            assertThat(stat.at("/serve/reason").asString()).contains("breaks the schema", "$.db.pool maximum");
            ChildJvm.Result text = cli.run("stat", "cfg");
            assertThat(text.out()).containsPattern("(?m)^serving +" + java.util.regex.Pattern.quote(file.toString())
                    + " since 20.*, last good v1, source invalid since " + java.util.regex.Pattern.quote(since));

            renameOver("{\"db\":{\"url\":\"pg://b\",\"pool\":8}}");
            serve.awaitLine(l -> l.contains(" published v2 ") && l.contains("source valid again"), WAIT);
            stat = statJson();
            assertThat(stat.at("/status/sourceInvalid").asBoolean()).isFalse();
            assertThat(stat.at("/serve/lastGood").asLong()).isEqualTo(2);
            assertThat(stat.at("/serve/invalidSince").isNull()).isTrue();
            assertThat(cli.run("stat", "cfg").out()).containsPattern("(?m)^serving +.*, last good v2$");
        }
    }

    @Test
    void sigtermExitsCleanlyAndTheNextServeTakesOverAndContinuesTheVersions() throws Exception {
        editInPlace("{\"n\":1}");
        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg")) {
            serve.awaitLine(l -> l.contains(" published v1 "), WAIT);
            renameOver("{\"n\":2}");
            serve.awaitLine(l -> l.contains(" published v2 "), WAIT);

            ChildJvm.Result second = cli.run("serve", file.toString(), "cfg");
            assertThat(second.exit()).as("a second master is refused: " + second).isEqualTo(ExitCode.LOCKED.code());
            assertThat(second.err()).contains("pid " + serve.pid());

            signal(serve, "TERM");
            assertThat(serve.awaitExit(WAIT)).as(serve.stderr()).isZero();
            assertThat(serve.output()).last().asString().contains("stopped on SIGTERM; region 'cfg' keeps v2");
        }
        assertThat(cli.run("stat", "cfg").out()).doesNotContain("serving").containsPattern("(?m)^writer +pid \\d+, not running$");
        assertThat(get()).isEqualTo("{\"version\":2,\"value\":{\"n\":2}}");

        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg")) {
            serve.awaitLine(l -> l.contains(" unchanged v2 (same bytes; start)"), WAIT);
            renameOver("{\"n\":3}");
            serve.awaitLine(l -> l.contains(" published v3 "), WAIT);
            signal(serve, "INT");
            assertThat(serve.awaitExit(WAIT)).as(serve.stderr()).isEqualTo(ExitCode.INTERRUPTED.code());
            assertThat(serve.output()).last().asString().contains("stopped on SIGINT; region 'cfg' keeps v3");
        }
        assertThat(get()).isEqualTo("{\"version\":3,\"value\":{\"n\":3}}");
    }

    @Test
    void aServeKilledWithSigkillLeavesAStaleSidecarThatStatIgnoresTheNextServeReplacesAndRmRemoves() throws Exception {
        Path sidecar = cli.dir().resolve("cfg.jmm.serve");
        editInPlace("{\"n\":1}");
        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg")) {
            serve.awaitLine(l -> l.contains(" published v1 "), WAIT);
            serve.kill();
        }
        assertThat(sidecar).exists();
        assertThat(cli.run("stat", "cfg").out()).doesNotContain("serving");
        assertThat(statJson().get("serve").isNull()).isTrue();

        renameOver("{\"n\":2}");
        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg")) {
            serve.awaitLine(l -> l.contains(" published v2 (") && l.contains("start"), WAIT);
            assertThat(statJson().at("/serve/pid").asLong()).isEqualTo(serve.pid());
            serve.kill();
        }
        ChildJvm.Result rm = cli.run("rm", "cfg");
        assertThat(rm.exit()).as(rm.toString()).isZero();
        assertThat(sidecar).doesNotExist();
    }

    @Test
    void aMissingFileAtStartPublishesNothingUntilItAppears() throws Exception {
        try (ChildJvm serve = cli.start("serve", file.toString(), "cfg", "--max-capacity", "1k")) {
            serve.awaitLine(l -> l.contains(" kept nothing (no version yet): app.json is missing (start)"), WAIT);
            renameOver("{\"big\":\"" + "x".repeat(2000) + "\"}");
            serve.awaitLine(l -> l.contains(" kept nothing (no version yet): app.json is too large: 2010 bytes, over the maximum of 1024"), WAIT);
            renameOver("{\"small\":true}");
            serve.awaitLine(l -> l.contains(" published v1 ") && l.contains("source valid again"), WAIT);
        }
    }

    @Test
    void badSchemaOrMissingDirectoryIsAUsageErrorBeforeAnythingIsHeld() throws Exception {
        Path schema = Files.writeString(tmp.resolve("etc/bad.schema.json"), "{\"type\":\"strnig\"}");
        editInPlace("{}");
        ChildJvm.Result r = cli.run("serve", file.toString(), "cfg", "--schema", schema.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("bad.schema.json is not a valid JSON Schema", "$.type");
        r = cli.run("serve", tmp.resolve("nowhere/app.json").toString(), "cfg");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("does not exist");
        assertThat(cli.dir().resolve("cfg.jmm")).doesNotExist();
    }
}
