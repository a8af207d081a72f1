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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonPointer;

/** {@code jsonmmap get}: print the current document, or a part of it. */
@Command(name = "get",
        description = "Print the current document of region NAME as compact JSON (numbers, escapes and key order"
                + " exactly as published).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap get cfg",
            "  jsonmmap get cfg --pointer /db/url",
            "  jsonmmap get cfg --version --pretty",
            "  jsonmmap get cfg --wait 10s        # wait for the region and its first value"})
final class GetCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private JsonMmapCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The region (a name, or a path if it contains '/').")
    private String name;

    @Option(names = {"-p", "--pointer"}, paramLabel = "POINTER",
            description = "Print only the part at this JSON Pointer, e.g. /db/url (exit code 3 if nothing is there).")
    private String pointer;

    @Option(names = "--pretty", description = "Indent the output.")
    private boolean pretty;

    @Option(names = "--version", description = "Print the version number too, as {\"version\":N,\"value\":...}.")
    private boolean withVersion;

    @Option(names = {"-w", "--wait"}, paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Wait up to DURATION (e.g. 500ms, 10s, 2m) for the region to exist and hold a value"
                    + " (exit code 6 when it does not).")
    private Duration wait;

    @Override
    public Integer call() {
        JsonPointer at = Reading.pointer(pointer);
        Region region = root.region(name);
        try (RegionReader reader = open(region)) {
            Optional<Reading> reading = Reading.latest(reader, at);
            if (reading.isEmpty()) {
                throw new CliException(ExitCode.NOT_FOUND, "region '" + region.name() + "' holds no value yet:"
                        + " nothing was published (use --wait to wait for one)");
            }
            Reading r = reading.get();
            if (r.json() == null) {
                throw new CliException(ExitCode.NOT_FOUND, "region '" + region.name() + "' version " + r.version()
                        + " has nothing at pointer '" + pointer + "'");
            }
            String text = r.render(withVersion);
            spec.commandLine().getOut().println(pretty ? JsonText.pretty(text) : text);
        }
        return ExitCode.OK.code();
    }

    /** Opens the reader, waiting (with --wait) for the file and for its first version. */
    private RegionReader open(Region region) {
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
