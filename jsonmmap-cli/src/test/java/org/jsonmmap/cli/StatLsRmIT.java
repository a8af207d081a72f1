package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.JacksonCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/** stat, verify, ls and rm on healthy regions. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatLsRmIT {
    @TempDir
    Path tmp;

    Launcher cli;

    @BeforeEach
    void setUp() {
        cli = new Launcher(tmp.resolve("regions"));
    }

    @Test
    void statShowsVersionSizeCapacityEpochWriterTimesFormatPathAndMode() {
        cli.pipe("{\"a\":1}", "publish", "s");
        cli.pipe("{\"a\":22}", "publish", "s");
        Launcher.Result text = cli.run("stat", "s");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).containsPattern("(?m)^version +2$").containsPattern("(?m)^size +8 bytes$")
                .containsPattern("(?m)^capacity +\\d+ bytes$").containsPattern("(?m)^epoch +2$")
                .containsPattern("(?m)^writer +pid \\d+, not running$").containsPattern("(?m)^last publish +20")
                .containsPattern("(?m)^format +2$").containsPattern("(?m)^mode +0600$")
                .contains(cli.dir().resolve("s.jmm").toString());

        JsonNode json = JacksonCodec.defaults().mapper().readTree(cli.run("stat", "s", "--json").out());
        assertThat(json.get("version").asLong()).isEqualTo(2);
        assertThat(json.get("size").asLong()).isEqualTo(8);
        assertThat(json.get("writerAlive").asBoolean()).isFalse();
        assertThat(json.get("writerPid").asLong()).isPositive();
        assertThat(json.get("lastPublish").isString()).isTrue();
        assertThat(json.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(json.get("path").asString()).endsWith("s.jmm");
        assertThat(json.get("mode").asString()).isEqualTo("0600");
    }

    @Test
    void verifyReportsAHealthyRegionWithExitCode0() {
        cli.pipe("[1,2,3]", "publish", "ok");
        cli.pipe("[4]", "publish", "ok");
        Launcher.Result r = cli.run("verify", "ok");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("region 'ok' is healthy (version 2, 3 bytes)\n");
    }

    @Test
    void lsListsEachRegionWithVersionSizeAndWriter() {
        assertThat(cli.run("ls").out()).isEmpty();
        cli.pipe("{\"a\":1}", "publish", "alpha");
        cli.pipe("[1]", "publish", "beta");
        cli.pipe("[2]", "publish", "beta");
        Launcher.Result r = cli.run("ls");
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0)).matches("NAME +VERSION +SIZE +WRITER");
        assertThat(r.lines().get(1)).matches("alpha +1 +7 +none");
        assertThat(r.lines().get(2)).matches("beta +2 +3 +none");
        JsonNode json = JacksonCodec.defaults().mapper().readTree(cli.run("ls", "--json").out());
        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get(1).get("name").asString()).isEqualTo("beta");
    }

    @Test
    void rmDeletesTheRegionAndItsLockFile() {
        cli.pipe("{}", "publish", "gone");
        Launcher.Result r = cli.run("rm", "gone");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(cli.dir().resolve("gone.jmm")).doesNotExist();
        assertThat(cli.dir().resolve("gone.jmm.lock")).doesNotExist();
        assertThat(cli.run("get", "gone").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    }
}
