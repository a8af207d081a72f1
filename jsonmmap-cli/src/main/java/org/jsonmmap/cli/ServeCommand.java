package org.jsonmmap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.jsonmmap.DocumentValidator;
import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.jsonmmap.cli.serve.Server;
import org.jsonmmap.cli.serve.Signals;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jsonmmap serve}: the long-running master that publishes a file and follows it. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Publish the JSON file FILE as region NAME and keep publishing it when it changes, until stopped:"
                    + " a master to run as a service. It holds the region (one writer) for as long as it runs.",
            "It follows edits in place, replacement by rename (what editors and deploy tools do), deletion and"
                    + " re-creation, and reads the file at once on SIGHUP. A new version is published only when the"
                    + " content changed: the same bytes, or the same JSON with other spacing or member order, keep"
                    + " the version and wake no follower.",
            "A file that is missing, not JSON, larger than --max-capacity or against --schema is not published:"
                    + " followers keep the last good version, the region's status says 'source invalid' with the"
                    + " time it became so, and the next good file clears it. 'jsonmmap stat NAME' shows the file"
                    + " served, the last good version and why the source is invalid.",
            "One line per event on standard output (published vN, unchanged vN, kept vN because ...).",
            "SIGTERM stops it cleanly with exit code 0, SIGINT (Ctrl-C) with 130; the region keeps its last"
                    + " version, and the next serve takes over and continues the version numbers."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap serve /etc/app/config.json app",
            "  jsonmmap serve config.json app --schema config.schema.json --mode 0640",
            "  jsonmmap serve config.json app --poll 10s --max-capacity 1m",
            "  kill -HUP $(pgrep -f 'jsonmmap.jar serve')     # read the file now",
            "See docs/SERVICE.md for a systemd unit."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    private DirOption dir;

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSON file to publish and follow.")
    private Path file;

    @Parameters(index = "1", paramLabel = "NAME", description = "The region (a name, or a path if it contains '/').")
    private String name;

    @Mixin
    private SchemaOption schema;

    @Option(names = "--poll", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            defaultValue = "2s",
            description = "Also check FILE's size, time and identity this often, for changes that send no event"
                    + " (a FILE reached through a link into another directory, network file systems)"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration poll;

    @Mixin
    private WriterFlags writerFlags;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (poll.isZero() || poll.isNegative()) {
            throw new CliException(ExitCode.USAGE, "--poll must be longer than 0");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliException(ExitCode.USAGE, "cannot serve " + file + ": its directory " + parent
                    + " does not exist (FILE itself may be missing; its directory must exist to be watched)");
        }
        DocumentValidator validator = schema.validator();
        WriterOptions options = writerFlags.options();
        Region region = dir.region(name);
        try (RegionWriter writer = region.openWriter(options)) {
            Server server = new Server(writer, file, schema.file(), validator, options.maxCapacity(), poll,
                    dir.out());
            for (String signal : new String[] {"TERM", "INT"}) {
                Signals.Refusal failed = Signals.handle(signal, () -> server.stop("SIG" + signal));
                if (failed != null) {
                    dir.err().println("jsonmmap: cannot handle SIG" + signal + " (" + failed.why() + ")"
                            + (failed.ignoredAtStart() ? "" : "; it ends serve abruptly, the region keeps its last"
                            + " version"));
                }
            }
            Signals.Refusal failed = Signals.handle("HUP", server::reload);
            if (failed != null) {
                dir.err().println("jsonmmap: cannot handle SIGHUP (" + failed.why() + "); changes are"
                        + " still noticed by events and every " + Durations.show(poll));
            }
            String stop = server.run();
            dir.out().println(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    + " stopped on " + stop + "; region '" + region.name() + "' keeps "
                    + (writer.version() == 0 ? "no version" : "v" + writer.version()));
            dir.out().flush();
            return stop.equals("SIGINT") ? ExitCode.INTERRUPTED.code() : ExitCode.OK.code();
        }
    }
}
