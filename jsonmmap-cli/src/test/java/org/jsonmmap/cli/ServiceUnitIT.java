package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit in docs/examples is valid for systemd and its ExecStart runs as written. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceUnitIT {
    private static final Path ROOT = Launcher.script().getParent().getParent();
    private static final Path UNIT = ROOT.resolve("docs/examples/jsonmmap-app.service");

    @TempDir
    Path tmp;

    @Test
    void systemdAcceptsTheUnitWithoutAWarning() throws Exception {
        // systemd-analyze checks that ExecStart's program exists: point it at this checkout
        Path unit = Files.writeString(tmp.resolve("jsonmmap-app.service"),
                Files.readString(UNIT).replace("/opt/jsonmmap", ROOT.toString()));
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("systemd-analyze's complaints").isEmpty();
    }

    @Test
    void theUnitsExecStartServesAndStopsCleanlyOnSigterm() throws Exception {
        String unit = Files.readString(UNIT);
        String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length());
        Path etc = Files.createDirectories(tmp.resolve("etc/app"));
        Files.writeString(etc.resolve("config.json"), "{\"db\":{\"url\":\"pg://a\",\"pool\":8}}");
        Files.writeString(etc.resolve("config.schema.json"), ServeIT.SCHEMA);
        List<String> command = new ArrayList<>();
        for (String word : exec.split(" ")) {
            command.add(word.replace("/opt/jsonmmap/bin/jsonmmap", Launcher.script().toString())
                    .replace("/etc/app", etc.toString()));
        }
        Path regions = tmp.resolve("run/jsonmmap-app");
        ChildJvm.Builder execStart = ChildJvm.command(command).label("ExecStart")
                .environment("JSONMMAP_DIR", regions.toString()).unsetEnvironment("JSONMMAP_JAVA_OPTS");
        try (ChildJvm serve = execStart.start()) {
            serve.awaitLine(l -> l.contains(" published v1 "), Duration.ofSeconds(60));
            assertThat(regions.resolve("app.jmm")).exists();
            assertThat(Files.getPosixFilePermissions(regions.resolve("app.jmm")))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            new ProcessBuilder("kill", "-TERM", String.valueOf(serve.pid())).start().waitFor();
            assertThat(serve.awaitExit(Duration.ofSeconds(60))).as("systemd counts 0 after SIGTERM as a clean stop")
                    .isZero();
        }
        assertThat(Paths.get(regions + "/app.jmm.serve")).as("the sidecar is removed on a clean stop").doesNotExist();
    }
}
