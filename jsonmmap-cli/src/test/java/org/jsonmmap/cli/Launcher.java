package org.jsonmmap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jsonmmap.testkit.ChildJvm;

/**
 * Runs the real {@code bin/jsonmmap} launcher in child processes (the test kit's {@link ChildJvm}), with
 * {@code JSONMMAP_DIR} set to a test's own directory (never the user's default), each run bounded in time.
 */
final class Launcher {
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    Launcher(Path dir) {
        this.dir = dir;
    }

    /** The launcher script: the failsafe configuration names it; from the module directory it is ../bin. */
    static Path script() {
        return Paths.get(System.getProperty("jsonmmap.launcher", "../bin/jsonmmap")).toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    ChildJvm.Result run(String... args) {
        return pipe(new byte[0], args);
    }

    ChildJvm.Result pipe(String stdin, String... args) {
        return pipe(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs to completion with {@code stdin} as standard input. */
    ChildJvm.Result pipe(byte[] stdin, String... args) {
        return builder(args).run(stdin, RUN_TIMEOUT);
    }

    /** Starts a run in the background, with standard input open for the test to write. */
    ChildJvm start(String... args) {
        try {
            return builder(args).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a run in the background under {@code wrapper} (e.g. {@code nohup}), as an operator might. */
    ChildJvm startUnder(List<String> wrapper, String... args) {
        try {
            return builder(args).wrapper(wrapper).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChildJvm.Builder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script().toString());
        cmd.addAll(List.of(args));
        return ChildJvm.command(cmd).label("jsonmmap " + (args.length == 0 ? "" : args[0]))
                .environment("JSONMMAP_DIR", dir.toString())
                .unsetEnvironment("JSONMMAP_JAVA_OPTS");
    }
}
