package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.JsonPatch;
import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/** {@code jsonmmap diff} between regions, files and standard input. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiffIT extends LauncherTest {
    @Test
    void diffOfARegionAndAFileIsThePatchThatTurnsOneIntoTheOther() throws Exception {
        String a = "{\"db\":{\"url\":\"pg://a\",\"pool\":8},\"tags\":[\"x\",\"y\"]}";
        String b = "{\"db\":{\"url\":\"pg://b\",\"pool\":8},\"tags\":[\"x\",\"z\",\"y\"],\"new\":true}";
        assertThat(cli.pipe(a, "publish", "cfg").exit()).isZero();
        Path file = Files.writeString(tmp.resolve("next.json"), b);

        ChildJvm.Result r = cli.run("diff", "cfg", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("[{\"op\":\"replace\",\"path\":\"/db/url\",\"value\":\"pg://b\"},"
                + "{\"op\":\"add\",\"path\":\"/tags/1\",\"value\":\"z\"},{\"op\":\"add\",\"path\":\"/new\",\"value\":true}]\n");
        var mapper = JsonMapper.shared();
        assertThat(JsonPatch.apply(mapper.readTree(a), mapper.readTree(r.out()))).isEqualTo(mapper.readTree(b));

        assertThat(cli.run("diff", "cfg", file.toString(), "--pointer", "/db").out())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/url\",\"value\":\"pg://b\"}]\n");
        assertThat(cli.pipe(b, "diff", file.toString(), "-").out()).isEqualTo("[]\n");
        assertThat(cli.pipe("{\"tags\":[\"x\",\"y\"],\"db\":{\"pool\":8,\"url\":\"pg://a\"}}", "diff", "-", "cfg").out())
                .as("member order does not count").isEqualTo("[]\n");
    }

    @Test
    void diffOfTwoRegionsByNameAndByPath() {
        cli.pipe("[1,2,3]", "publish", "a");
        cli.pipe("[1,3]", "publish", "b");
        assertThat(cli.run("diff", "a", "b").out()).isEqualTo("[{\"op\":\"remove\",\"path\":\"/1\"}]\n");
        assertThat(cli.run("diff", cli.dir().resolve("a.jmm").toString(), "b").out())
                .isEqualTo("[{\"op\":\"remove\",\"path\":\"/1\"}]\n");
    }

    @Test
    void badOperandsExitWithTheirCodes() throws Exception {
        cli.pipe("{}", "publish", "cfg");
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"a\":");
        ChildJvm.Result r = cli.run("diff", "cfg", bad.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INVALID_JSON.code());
        assertThat(r.err()).contains("bad.json is not valid JSON");
        r = cli.run("diff", "cfg", "nosuchregion");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
        r = cli.run("diff", "cfg", tmp.resolve("missing.json").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
        r = cli.run("diff", "-", "-");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
    }
}
