package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;


import tools.jackson.databind.json.JsonMapper;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** stat, verify, ls and rm on healthy regions. */
class StatLsRmIT extends LauncherTest {
    @Test
    void statShowsVersionSizeCapacityEpochWriterTimesFormatPathAndMode() {
        cli.pipe("{\"a\":1}", "publish", "s");
        cli.pipe("{\"a\":22}", "publish", "s");
        ChildJvm.Result text = cli.run("stat", "s");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).containsPattern("(?m)^version +2$").containsPattern("(?m)^size +8 bytes$")
                .containsPattern("(?m)^capacity +\\d+ bytes$").containsPattern("(?m)^epoch +2$")
                .containsPattern("(?m)^writer +pid \\d+, not running$").containsPattern("(?m)^last publish +20")
                .containsPattern("(?m)^format +2$").containsPattern("(?m)^mode +0600$")
                .contains(cli.dir().resolve("s.jmm").toString());

        JsonNode json = JsonMapper.shared().readTree(cli.run("stat", "s", "--json").out());
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
        ChildJvm.Result r = cli.run("verify", "ok");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("region 'ok' is healthy (version 2, 3 bytes)\n");
    }

    @Test
    void lsListsEachRegionWithVersionSizeAndWriter() {
        assertThat(cli.run("ls").out()).isEmpty();
        cli.pipe("{\"a\":1}", "publish", "alpha");
        cli.pipe("[1]", "publish", "beta");
        cli.pipe("[2]", "publish", "beta");
        ChildJvm.Result r = cli.run("ls");
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0)).matches("NAME +VERSION +SIZE +WRITER");
        assertThat(r.lines().get(1)).matches("alpha +1 +7 +none");
        assertThat(r.lines().get(2)).matches("beta +2 +3 +none");
        JsonNode json = JsonMapper.shared().readTree(cli.run("ls", "--json").out());
        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get(1).get("name").asString()).isEqualTo("beta");
    }

    @Test
    void rmDeletesTheRegionAndItsLockFile() {
        cli.pipe("{}", "publish", "gone");
        ChildJvm.Result r = cli.run("rm", "gone");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(cli.dir().resolve("gone.jmm")).doesNotExist();
        assertThat(cli.dir().resolve("gone.jmm.lock")).doesNotExist();
        assertThat(cli.run("get", "gone").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    }
}
