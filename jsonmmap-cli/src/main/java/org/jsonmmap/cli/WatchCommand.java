package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jsonmmap.Region;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.Versioned;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/** {@code jsonmmap watch}: print the current version and then each new one, as NDJSON, as it happens. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {
            "Print the current document of region NAME and then each new version, one compact JSON line each"
                    + " (NDJSON), as it happens, until interrupted. With --pointer, versions with nothing there are"
                    + " not printed.",
            "Versions published faster than they can be printed may be skipped; the latest one is always printed."
                    + " A region that does not exist yet is waited for; one that is deleted and created again is"
                    + " followed, with a line on standard error saying so (as a Java subscription's onError hears"
                    + " it). Only valid documents are printed: a version that is not one valid JSON value stops"
                    + " the watch with exit code 4."},
        footer = {
            "  jsonmmap watch cfg",
            "  jsonmmap watch cfg --pointer /db/url --with-version",
            "  jsonmmap watch cfg --diff                       # what changed, as JSON Patch",
            "  jsonmmap watch cfg --pointer /db --diff",
            "  jsonmmap watch prices --count 10 --timeout 30s"})
final class WatchCommand implements Callable<Integer> {
    private static final Duration MAX_WAIT_STEP = Duration.ofMinutes(1);

    @Mixin
    private RegionArgument target;

    @Mixin
    private ValueOptions value;

    @Option(names = "--diff",
            description = "After the first line (the whole document, or part), print for each change an RFC 6902"
                    + " JSON Patch from the version printed before; applied in order to the first line they give"
                    + " every version printed. With --with-version: {\"version\":N,\"patch\":[...]}.")
    private boolean diff;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after printing N lines.")
    private Integer count;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Stop after DURATION, e.g. 30s; exit code 6 unless --count lines were printed by then.")
    private Duration timeout;

    private boolean announcedWait;

    @Override
    public Integer call() {
        if (count != null && count < 1) {
            throw new CliException(ExitCode.USAGE, "--count must be at least 1, was " + count);
        }
        JsonPointer at = value.pointer();
        // whole documents print as published (numbers untouched); parts and patches are compared as trees
        PartChanges changes = at != null || diff ? new PartChanges(at, diff) : null;
        Region region = target.region();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        PrintWriter out = target.out();
        int printed = 0;
        long last = 0;
        RegionReader reader = open(region, deadline);
        try {
            while (true) {
                try {
                    if (changes != null && reader.version() > last) {
                        Optional<Versioned<JsonNode>> snapshot = reader.snapshot();
                        if (snapshot.isPresent() && snapshot.get().version() > last) {
                            last = snapshot.get().version();
                            String line = changes.next(last, snapshot.get().value(), value.withVersion(), value.raw());
                            if (line != null) {
                                out.println(line);
                                printed++;
                                if (out.checkError() || (count != null && printed >= count)) {
                                    return ExitCode.OK.code();
                                }
                            }
                        }
                        continue;
                    }
                    if (reader.version() > last) {
                        Optional<Reading> reading = Reading.latest(reader, at);
                        if (reading.isPresent() && reading.get().version() > last) {
                            Reading r = reading.get();
                            last = r.version();
                            if (r.json() != null) {
                                out.println(value.render(r, false, false));
                                printed++;
                                if (out.checkError()) {
                                    // the reader of our output went away (e.g. '| head -1'): nothing left to do
                                    return ExitCode.OK.code();
                                }
                                if (count != null && printed >= count) {
                                    return ExitCode.OK.code();
                                }
                            }
                        }
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw timedOut(region, printed);
                    }
                    reader.awaitChange(last, left >= MAX_WAIT_STEP.toNanos() ? MAX_WAIT_STEP : Duration.ofNanos(left));
                } catch (RegionReplacedException e) {
                    // deleted or replaced: say so (as a subscription's onError hears it), then follow the next
                    // file at the same path, from its first version
                    target.err().println("jsonmmap: " + e.getMessage() + "; following the next file at "
                            + region.path());
                    target.err().flush();
                    reader.close();
                    reader = open(region, deadline);
                    last = 0;
                    if (changes != null) {
                        // a new file starts a new sequence: print its first document whole
                        changes = new PartChanges(at, diff);
                    }
                }
            }
        } finally {
            reader.close();
        }
    }

    private CliException timedOut(Region region, int printed) {
        return new CliException(ExitCode.TIMEOUT, "watch of region '" + region.name() + "' timed out after "
                + Durations.show(timeout) + (count == null ? "" : " having printed " + printed + " of " + count + " lines"));
    }

    /** Opens the region, waiting for it to be created (telling the user once) until the deadline. */
    private RegionReader open(Region region, long deadline) {
        while (true) {
            if (region.exists()) {
                try {
                    return region.openReader();
                } catch (RegionNotFoundException e) {
                    // deleted between the check and the open: wait for the next one
                }
            }
            if (!announcedWait) {
                target.err().println("jsonmmap: waiting for region '" + region.name()
                        + "' to be created (" + region.path() + ")");
                announcedWait = true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CliException(ExitCode.TIMEOUT, "region '" + region.name() + "' did not appear within "
                        + Durations.show(timeout) + " (no file " + region.path() + ")");
            }
            try {
                return region.awaitCreation(left >= MAX_WAIT_STEP.toNanos() ? MAX_WAIT_STEP : Duration.ofNanos(left));
            } catch (RegionNotFoundException e) {
                // not yet: check the deadline and wait again
            }
        }
    }
}
