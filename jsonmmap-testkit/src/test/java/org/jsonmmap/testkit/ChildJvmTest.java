package org.jsonmmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class ChildJvmTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A child main: echoes its arguments and each line of its input, then exits with the code given. */
    public static final class Echo {
        public static void main(String[] args) throws Exception {
            System.out.println("ready " + String.join(" ", args));
            System.err.println("to stderr");
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("hang")) {
                    Thread.sleep(600_000);
                }
                System.out.println("echo " + line);
            }
            System.out.print("no newline at the end");
            System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        }
    }

    @Test
    void outputIsPumpedLineByLineAndKeptExactly() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ChildJvm child = ChildJvm.java(Echo.class, "3").heap("64m").onLine(seen::add).start()) {
            assertThat(child.awaitLine("ready", WAIT)).isEqualTo("ready 3");
            try (OutputStream in = child.stdin()) {
                in.write("héllo\nworld\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(child.awaitExit(WAIT)).isEqualTo(3);
            assertThat(child.output()).containsExactly("ready 3", "echo héllo", "echo world", "no newline at the end");
            assertThat(child.stdout()).isEqualTo("ready 3\necho héllo\necho world\nno newline at the end");
            assertThat(child.stderr()).isEqualTo("to stderr\n");
            assertThat(child.lastLine("echo")).isEqualTo("echo world");
            assertThat(seen).isEqualTo(child.output());
        }
    }

    @Test
    void aLineThatNeverComesFailsNamingWhatWasPrinted() throws Exception {
        try (ChildJvm child = ChildJvm.java(Echo.class).heap("64m").start()) {
            child.awaitLine("ready", WAIT);
            assertThatThrownBy(() -> child.awaitLine("never", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("ready");
            assertThat(child.pollLine("never", Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void killIsKillNineAndATimedOutExitKillsTheChild() throws Exception {
        try (ChildJvm child = ChildJvm.java(Echo.class).heap("64m").start()) {
            child.awaitLine("ready", WAIT);
            child.stdin().write("hang\n".getBytes(StandardCharsets.UTF_8));
            child.stdin().flush();
            assertThat(child.exitWithin(Duration.ofMillis(300))).isNull();
            assertThat(child.isAlive()).isFalse();
        }
        try (ChildJvm child = ChildJvm.java(Echo.class).heap("64m").start()) {
            child.awaitLine("ready", WAIT);
            child.kill();
            assertThat(child.process().exitValue()).isEqualTo(128 + 9);
        }
    }

    @Test
    void runFeedsStandardInputAndStderrCanGoToAFile() throws Exception {
        ChildJvm.Result r = ChildJvm.java(Echo.class, "0").heap("64m").run("a\n".getBytes(StandardCharsets.UTF_8), WAIT);
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).containsExactly("ready 0", "echo a", "no newline at the end");
        try (Scratch scratch = Scratch.create("childjvm")) {
            Path err = scratch.resolve("err.txt");
            try (ChildJvm child = ChildJvm.java(Echo.class).heap("64m").stderrTo(err).start()) {
                child.stdin().close();
                assertThat(child.awaitExit(WAIT)).isZero();
                assertThat(child.stderr()).isEqualTo("to stderr\n");
                assertThat(Files.readString(err)).isEqualTo("to stderr\n");
            }
        }
    }

    @Test
    void scratchDirectoriesAreDeletedWithTheirTreeButNotWhatLinksPointTo() throws Exception {
        Path outside;
        try (Scratch keep = Scratch.create("outside")) {
            outside = Files.writeString(keep.resolve("keep.txt"), "keep");
            Path root;
            try (Scratch scratch = Scratch.create("tree")) {
                root = scratch.path();
                Files.createDirectories(scratch.resolve("a/b/c"));
                Files.writeString(scratch.resolve("a/b/c/f"), "x");
                Files.createSymbolicLink(scratch.resolve("a/link"), keep.path());
            }
            assertThat(root).doesNotExist();
            assertThat(outside).hasContent("keep");
        }
        assertThat(outside).doesNotExist();
        Scratch.deleteTree(outside.resolveSibling("never-existed"));
    }
}
