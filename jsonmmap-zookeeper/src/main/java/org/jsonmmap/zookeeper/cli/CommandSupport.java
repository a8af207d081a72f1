package org.jsonmmap.zookeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.InvalidRegionNameException;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.zookeeper.ConfigConflictException;
import org.jsonmmap.zookeeper.ZnodeNotFoundException;
import org.jsonmmap.zookeeper.ZooKeeperUnavailableException;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Exit codes, error sentences, durations and region names for the ZooKeeper commands: the one place. */
final class CommandSupport {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int LOCKED = 5;
    static final int TIMEOUT = 6;
    static final int INVALID_JSON = 7;
    static final int TOO_LARGE = 8;
    static final int CONFLICT = 9;

    static final String EXIT_CODES_HEADING = "%nExit codes:%n";

    private CommandSupport() {
    }

    /** Maps an exception to the exit code a script can act on. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof ConfigConflictException) {
            return CONFLICT;
        }
        if (e instanceof ZnodeNotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof ZooKeeperUnavailableException) {
            return TIMEOUT;
        }
        if (e instanceof InvalidJsonException) {
            return INVALID_JSON;
        }
        if (e instanceof CapacityExceededException) {
            return TOO_LARGE;
        }
        if (e instanceof WriterLockedException || e instanceof StaleWriterException) {
            return LOCKED;
        }
        if (e instanceof InvalidRegionNameException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILURE;
    }

    /** Prints one sentence for {@code e} on the command's error writer and returns its exit code. */
    static int report(CommandSpec spec, Throwable e) {
        PrintWriter err = spec.commandLine().getErr();
        String message = e.getMessage();
        boolean ours = e instanceof JsonMmapException || e instanceof IllegalArgumentException;
        err.println("jsonmmap: " + (ours && message != null ? message : "unexpected error: " + e));
        if (debug(spec)) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(e);
    }

    /** Whether an inherited {@code --debug} option (the jsonmmap tool's) is set. */
    private static boolean debug(CommandSpec spec) {
        OptionSpec option = spec.findOption("--debug");
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    /**
     * The region a NAME argument means: a path when it contains '/', else a name in the directory of an
     * inherited {@code --dir} option (the jsonmmap tool's), else in the library's default directory.
     */
    static Region region(CommandSpec spec, String name) {
        if (name.indexOf('/') >= 0) {
            return Region.at(Paths.get(name));
        }
        OptionSpec dir = spec.findOption("--dir");
        Object value = dir == null ? null : dir.getValue();
        if (value instanceof Path) {
            return Region.named(name, (Path) value);
        }
        if (value instanceof String) {
            return Region.named(name, Paths.get((String) value));
        }
        return Region.named(name);
    }

    /** Parses durations such as {@code 500ms}, {@code 10s}, {@code 2m}; a bare number is seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                Duration d;
                if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                } else if (v.endsWith("m")) {
                    d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                } else {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
                }
                if (d.isNegative() || d.isZero()) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration (examples: 500ms, 10s, 2m)");
            }
        }
    }
}
