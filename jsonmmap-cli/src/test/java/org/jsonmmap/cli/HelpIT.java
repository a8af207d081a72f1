package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Help, version and the launcher itself. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HelpIT {
    @TempDir
    Path tmp;

    Launcher cli;

    @BeforeEach
    void setUp() {
        cli = new Launcher(tmp.resolve("regions"));
    }

    @Test
    void topLevelHelpListsEveryCommandAndEveryExitCode() {
        Launcher.Result r = cli.run("--help");
        assertThat(r.exit()).isZero();
        for (String command : List.of("publish", "get", "watch", "stat", "verify", "ls", "rm", "demo")) {
            assertThat(r.out()).containsPattern("(?m)^  " + command + " ");
        }
        assertThat(r.out()).doesNotContain("demo-master").doesNotContain("demo-follower");
        assertThat(r.out()).contains("Exit codes:");
        for (ExitCode c : ExitCode.values()) {
            assertThat(r.out()).containsPattern("(?m)^ *" + c.code() + " +" + java.util.regex.Pattern.quote(c.meaning()));
        }
    }

    @Test
    void everyCommandHasHelpWithAnExampleAndTheExitCodes() {
        for (String command : List.of("publish", "get", "watch", "stat", "verify", "ls", "rm", "demo")) {
            Launcher.Result r = cli.run(command, "--help");
            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: jsonmmap " + command)
                    .contains("Examples:").contains("jsonmmap " + command).contains("Exit codes:");
        }
        assertThat(cli.run("help", "watch").out()).startsWith("Usage: jsonmmap watch");
    }

    @Test
    void versionOptionPrintsTheToolVersion() {
        Launcher.Result r = cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("jsonmmap 0.").doesNotContain("${");
    }

    @Test
    void launcherExplainsHowToBuildWhenTheJarIsMissing() throws Exception {
        Path fakeRoot = tmp.resolve("checkout");
        Files.createDirectories(fakeRoot.resolve("bin"));
        Path script = Files.copy(Launcher.script(), fakeRoot.resolve("bin").resolve("jsonmmap"));
        Process p = new ProcessBuilder(script.toString(), "ls").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(output).contains("jsonmmap.jar is missing").contains("mvn -q -DskipTests package");
    }
}
