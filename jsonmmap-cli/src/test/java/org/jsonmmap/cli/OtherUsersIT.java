package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Other local users, for real: {@code bin/jsonmmap} run as {@code nobody} (through {@code setpriv}) against
 * directories and regions that root prepared, as an attacker or as the master of a multi-user setup would.
 * Tests run as root, like CI; as another user they cannot set the scene and fail saying so.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OtherUsersIT {
    private static final String DOC = "{\"db\":\"postgres://attacker/steal\"}";

    private Path base;
    private final List<Path> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        assertThat(uid(Paths.get("/proc/self"))).as("these tests need root (to act as another user)").isZero();
        // a place every user can traverse: /tmp/jsonmmap-i11-XXXX, mode 0755
        base = Files.createTempDirectory(Paths.get("/tmp"), "jsonmmap-users-");
        chmod(base, "rwxr-xr-x");
        cleanup.add(base);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Path p : cleanup) {
            new ProcessBuilder("rm", "-rf", p.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void defaultDirectoryPlantedByAnotherUserIsRefusedForReadingAndWriting() throws Exception {
        // the victim runs as nobody, under a user name of its own, so that its default directory is
        // /dev/shm/jsonmmap-NAME and no other test's directory is touched
        String victim = "i11victim" + ProcessHandle.current().pid();
        Path planted = Paths.get("/dev/shm/jsonmmap-" + victim);
        cleanup.add(planted);
        // the attacker (root here) creates the directory first, with a region, then opens both up
        assertThat(run(null, Map.of("JSONMMAP_DIR", planted.toString()), DOC, "publish", "cfg").exit()).isZero();
        chmod(planted, "rwxrwxrwx");
        chmod(planted.resolve("cfg.jmm"), "rw-rw-rw-");
        byte[] before = Files.readAllBytes(planted.resolve("cfg.jmm"));
        Map<String, String> asVictim = Map.of("JSONMMAP_JAVA_OPTS", "-Duser.name=" + victim);

        Result get = run(nobody(), asVictim, "", "get", "cfg");
        assertThat(get.exit()).as(get.toString()).isNotZero();
        assertThat(get.out()).as(get.toString()).doesNotContain("attacker");
        assertThat(get.err()).as(get.toString()).contains(planted.toString()).contains("belongs to someone else")
                .contains("owner root (uid 0), mode 0777").contains("JSONMMAP_DIR");

        Result publish = run(nobody(), asVictim, "{\"secret\":1}", "publish", "cfg");
        assertThat(publish.exit()).as(publish.toString()).isNotZero();
        assertThat(publish.err()).as(publish.toString()).contains(planted.toString()).contains("mode 0777");
        assertThat(Files.readAllBytes(planted.resolve("cfg.jmm"))).as("the planted file is untouched").isEqualTo(before);

        // the same directory owned by the victim but writable by everyone is refused too
        chown(planted, "nobody");
        Result own = run(nobody(), asVictim, "", "get", "cfg");
        assertThat(own.exit()).as(own.toString()).isNotZero();
        assertThat(own.err()).as(own.toString()).contains("is writable by its group and everyone");
    }

    @Test
    void regionFileOthersMayWriteIsRefused() throws Exception {
        Path dir = Files.createDirectory(base.resolve("regions"));
        chmod(dir, "rwx------");
        Map<String, String> env = Map.of("JSONMMAP_DIR", dir.toString());
        assertThat(run(null, env, "{\"a\":1}", "publish", "cfg").exit()).isZero();
        chmod(dir.resolve("cfg.jmm"), "rw-rw-rw-");
        Result get = run(null, env, "", "get", "cfg");
        assertThat(get.exit()).as(get.toString()).isNotZero();
        assertThat(get.err()).as(get.toString()).contains(dir.resolve("cfg.jmm").toString())
                .contains("is writable by its group and everyone").contains("mode 0666").contains("chmod go-w");
        assertThat(get.out()).isEmpty();
    }

    @Test
    void writerRefusesARegionFileItDoesNotOwn() throws Exception {
        Path dir = Files.createDirectory(base.resolve("nobodys"));
        Map<String, String> env = Map.of("JSONMMAP_DIR", dir.toString());
        assertThat(run(null, env, "{\"owner\":\"root\"}", "publish", "cfg").exit()).isZero();
        chmod(dir, "rwx------");
        chown(dir, "nobody");
        byte[] before = Files.readAllBytes(dir.resolve("cfg.jmm"));
        Result publish = run(nobody(), env, "{\"owner\":\"nobody\"}", "publish", "cfg");
        assertThat(publish.exit()).as(publish.toString()).isNotZero();
        assertThat(publish.err()).as(publish.toString()).contains("belongs to someone else")
                .contains("owner root (uid 0)").contains("a writer writes only files it owns");
        assertThat(Files.readAllBytes(dir.resolve("cfg.jmm"))).isEqualTo(before);
    }

    @Test
    void modeLettingOthersWriteIsAUsageError() throws Exception {
        Path dir = Files.createDirectory(base.resolve("modes"));
        chmod(dir, "rwx------");
        Result r = run(null, Map.of("JSONMMAP_DIR", dir.toString()), "{}", "publish", "cfg", "--mode", "0666");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("only the owner");
        assertThat(dir.resolve("cfg.jmm")).doesNotExist();
    }

    @Test
    void sharedGroupDirectoryLetsAnotherUserReadAndExplainsWhenItCannot() throws Exception {
        // the README's set-up: a group-owned setgid directory, mode 2750; regions published with --mode 0640
        Path shared = Files.createDirectory(base.resolve("shared"));
        chgrp(shared, "nogroup");
        chmod(shared, "rwxr-x---");
        Process setgid = new ProcessBuilder("chmod", "g+s", shared.toString()).start();
        assertThat(setgid.waitFor()).isZero();
        Map<String, String> env = Map.of("JSONMMAP_DIR", shared.toString());
        assertThat(run(null, env, "{\"pool\":8}", "publish", "cfg", "--mode", "0640").exit()).isZero();
        assertThat(run(null, env, "{\"secret\":1}", "publish", "private").exit()).isZero();

        Result worker = run(nobody(), env, "", "get", "cfg");
        assertThat(worker.exit()).as(worker.toString()).isZero();
        assertThat(worker.out().strip()).isEqualTo("{\"pool\":8}");

        Result denied = run(nobody(), env, "", "get", "private");
        assertThat(denied.exit()).as(denied.toString()).isNotZero();
        assertThat(denied.err()).as(denied.toString()).contains("permission denied")
                .contains(shared.resolve("private.jmm").toString()).contains("owner root (uid 0), mode 0600")
                .contains("--mode 0640").doesNotContain("AccessDeniedException").doesNotContain("\tat ");

        // a worker outside the group cannot even search the directory: the message names the directory
        Result outsider = run(List.of("setpriv", "--reuid=nobody", "--regid=65533", "--clear-groups", "--"),
                env, "", "get", "cfg");
        assertThat(outsider.exit()).as(outsider.toString()).isNotZero();
        assertThat(outsider.err()).as(outsider.toString()).contains("permission denied")
                .contains(shared.toString()).contains("mode 02750");
    }

    // ------------------------------------------------------------------------------------------ support

    /** What one run left behind. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    private static List<String> nobody() {
        return List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
    }

    /** Runs bin/jsonmmap, as another user when {@code wrapper} is given, with {@code stdin}. */
    private Result run(List<String> wrapper, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (wrapper != null) {
            cmd.addAll(wrapper);
        }
        cmd.add(Launcher.script().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JSONMMAP_DIR");
        pb.environment().remove("JSONMMAP_JAVA_OPTS");
        pb.environment().putAll(env);
        Path in = Files.createTempFile(base, "in", ".txt");
        Path out = Files.createTempFile(base, "out", ".txt");
        Path err = Files.createTempFile(base, "err", ".txt");
        Files.writeString(in, stdin);
        pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(Launcher.RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("jsonmmap %s finished in time", String.join(" ", args)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid");
    }

    private static void chmod(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static void chown(Path p, String user) throws IOException {
        UserPrincipal u = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(p, u);
    }

    private static void chgrp(Path p, String group) throws IOException {
        GroupPrincipal g = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(g);
    }
}
