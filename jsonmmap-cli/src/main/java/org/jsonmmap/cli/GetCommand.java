package org.jsonmmap.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import org.jsonmmap.Region;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonPointer;

/**
 * {@code jsonmmap get}: print the current document, or a part of it.
 *
 * <p>Until the next release {@code get} keeps its old spellings {@code --version} (now {@code --with-version})
 * and {@code -w, --wait} (now {@code -t, --timeout}) as hidden aliases; the first is why {@code get} declares
 * its {@code -h, --help} itself instead of picocli's standard help options, whose {@code --version} would clash.
 */
@Command(name = "get",
        description = "Print the current document of region NAME as compact JSON (numbers, escapes and key order"
                + " exactly as published).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap get cfg",
            "  jsonmmap get cfg --pointer /db/url --raw    # pg://a (no quotes)",
            "  jsonmmap get cfg --with-version --pretty",
            "  jsonmmap get cfg --timeout 10s    # waits for a first value"})
final class GetCommand implements Callable<Integer> {
    @Mixin
    private RegionArgument target;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = {"-p", "--pointer"}, paramLabel = "POINTER",
            description = "Print only the part at this JSON Pointer, e.g. /db/url (exit code 3 if nothing is there).")
    private String pointer;

    @Option(names = "--pretty", description = "Indent the output.")
    private boolean pretty;

    @Option(names = {"-r", "--raw"},
            description = "Print a string value as its text, without quotes or escapes (like jq -r); other values"
                    + " print as JSON.")
    private boolean raw;

    @Option(names = "--with-version", description = "Print the version number too, as {\"version\":N,\"value\":...}.")
    private boolean withVersion;

    @Option(names = "--version", hidden = true, description = "Old spelling of --with-version.")
    private boolean withVersionOldSpelling;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Wait up to DURATION (e.g. 500ms, 10s, 2m) for the region to exist and hold a value"
                    + " (exit code 6 when it does not).")
    private Duration timeout;

    @Option(names = {"-w", "--wait"}, hidden = true, paramLabel = "DURATION",
            converter = Converters.DurationConverter.class, description = "Old spelling of --timeout.")
    private Duration timeoutOldSpelling;

    @Override
    public Integer call() {
        JsonPointer at = Reading.pointer(pointer);
        Region r = target.region();
        try (RegionReader reader = open(r, timeout != null ? timeout : timeoutOldSpelling)) {
            Optional<Reading> reading = Reading.latest(reader, at);
            if (reading.isEmpty()) {
                throw new CliException(ExitCode.NOT_FOUND, "region '" + r.name() + "' holds no value yet:"
                        + " nothing was published (use --timeout to wait for one)");
            }
            if (reading.get().json() == null) {
                throw new CliException(ExitCode.NOT_FOUND, "region '" + r.name() + "' version "
                        + reading.get().version() + " has nothing at pointer '" + pointer + "'");
            }
            target.out().println(reading.get().render(withVersion || withVersionOldSpelling, raw, pretty));
        }
        return ExitCode.OK.code();
    }

    /** Opens the reader, waiting (with a timeout) for the file and for its first version. */
    private static RegionReader open(Region region, Duration wait) {
        if (wait == null) {
            return region.openReader();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        RegionReader reader;
        try {
            reader = region.awaitCreation(wait);
        } catch (RegionNotFoundException e) {
            throw new CliException(ExitCode.TIMEOUT, "region '" + region.name() + "' did not appear within "
                    + Durations.show(wait) + " (no file " + region.path() + ")", e);
        }
        try {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            OptionalLong v = reader.awaitChange(0, left);
            if (v.isEmpty()) {
                throw new CliException(ExitCode.TIMEOUT, "region '" + region.name() + "' exists but held no value"
                        + " within " + Durations.show(wait));
            }
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }
}
