package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.testkit.ChildJvm;
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
        ChildJvm.Result r = cli.run("--help");
        assertThat(r.exit()).isZero();
        for (String command : List.of("publish", "get", "watch", "stat", "verify", "ls", "rm", "demo", "bridge",
                "zk-put")) {
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
        for (String command : List.of("publish", "get", "watch", "stat", "verify", "ls", "rm", "demo", "zk-put",
                "bridge zookeeper")) {
            ChildJvm.Result r = cli.run((command + " --help").split(" "));
            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: jsonmmap " + command)
                    .contains("Examples:").contains("jsonmmap " + command).contains("Exit codes:");
            // the table itself is shown once, at the top; a command's help points to it
            assertThat(r.out()).as(command).contains("Exit codes: see 'jsonmmap --help'.")
                    .doesNotContain(ExitCode.INVALID_JSON.meaning());
        }
        assertThat(cli.run("help", "watch").out()).startsWith("Usage: jsonmmap watch");
    }

    @Test
    void versionOptionPrintsTheToolVersion() {
        ChildJvm.Result r = cli.run("--version");
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

    @Test
    void flagsAreTheSameInEveryCommandAndOldSpellingsAreHidden() {
        String get = cli.run("get", "--help").out();
        String watch = cli.run("watch", "--help").out();
        String zkPut = cli.run("zk-put", "--help").out();
        String bridge = cli.run("bridge", "zookeeper", "--help").out();
        for (String help : List.of(get, watch)) {
            assertThat(help).contains("--with-version").contains("-t, --timeout=DURATION").contains("--raw");
        }
        assertThat(zkPut).contains("-t, --timeout=DURATION").doesNotContain("--start-timeout");
        // two timeouts: the session's, and the start's
        assertThat(bridge).contains("--start-timeout").contains("--session-timeout");
        // old spellings work (see PublishGetIT) but are not shown
        assertThat(get).doesNotContain("--wait").doesNotContain("-w,").doesNotContain(" --version");
        // picocli's standard help options, and a --dir only where regions are named
        assertThat(watch).contains("-h, --help").contains("-V, --version").contains("--dir=DIR");
        assertThat(cli.run("ls", "--help").out()).contains("--dir=DIR");
        assertThat(zkPut).doesNotContain("--dir");
        assertThat(cli.run("demo", "--help").out()).doesNotContain("--dir");
    }

    @Test
    void mistypedCommandGetsASuggestion() {
        ChildJvm.Result r = cli.run("gett", "cfg");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("Did you mean: jsonmmap get").contains("Try 'jsonmmap --help'");
        ChildJvm.Result option = cli.run("get", "cfg", "--with-versoin");
        assertThat(option.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(option.err()).contains("--with-version");
    }

    @Test
    void logRecordsAreOneLineEachAndChattyLibrariesKeepToWarnings() {
        ChildJvm.Result r = cli.run("bridge", "zookeeper", "--connect", "127.0.0.1:1", "--znode", "/x",
                "--start-timeout", "2s", "cfg");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.TIMEOUT.code());
        List<String> lines = r.err().strip().lines().toList();
        assertThat(lines).as(r.toString()).last().asString().startsWith("jsonmmap: cannot connect to ZooKeeper");
        assertThat(lines).as(r.toString()).hasSizeGreaterThan(1)
                .allMatch(l -> l.startsWith("jsonmmap: ")
                        || l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARNING|SEVERE) \\S+: .+"));
    }
}
