package org.jsonmmap.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

import org.jsonmmap.DocumentValidator;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonDocuments;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.ValidationFailedException;
import org.jsonmmap.WriterOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jsonmmap publish}: publish JSON from a file or standard input, one document or one per line. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {
            "Publish the JSON in FILE, or standard input when FILE is absent or '-', as one new version of"
                    + " region NAME (created if needed), and print the version.",
            "With --lines every line is one JSON document, published in order as it arrives, so that"
                    + " 'producer | jsonmmap publish NAME --lines' streams; blank lines are skipped and the"
                    + " region is held for as long as the input lasts."},
        footer = {
            "  jsonmmap publish cfg config.json",
            "  echo '{\"db\":{\"url\":\"pg://a\"}}' | jsonmmap publish cfg",
            "  producer | jsonmmap publish prices --lines --mode 0640",
            "  jsonmmap publish cfg config.json --schema config.schema.json --if-changed",
            "",
            "Workers running as other users (see the README, 'Several users'): once, as root,",
            "  install -d -m 2750 -o master -g workers /srv/jsonmmap",
            "then the master publishes group-readable regions there, which workers in group 'workers' read:",
            "  jsonmmap publish cfg config.json --dir /srv/jsonmmap --mode 0640",
            "A directory or region file that others could write is refused (exit code 12); a mode letting group",
            "or others write is a usage error. A refused first publish leaves no region behind."})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    private RegionArgument target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE",
            description = "The JSON to publish; standard input when absent or '-'.")
    private String file;

    @Option(names = "--lines", description = "Publish every line of the input as one document, as it arrives.")
    private boolean lines;

    @Mixin
    private WriterFlags writerFlags;

    @Mixin
    private SchemaOption schema;

    @Option(names = "--if-changed",
            description = "Publish only if the document differs from the current version (the same bytes, or the"
                    + " same JSON with other spacing or member order, print the current version and wake no reader).")
    private boolean ifChanged;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the version(s).")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        var region = target.region();
        DocumentValidator validator = schema.validator();
        WriterOptions options = writerFlags.options().withValidator(validator);
        String source = file == null || file.equals("-") ? "standard input" : file;
        PrintWriter out = target.out();
        boolean existed = region.exists();
        try {
            return publish(region, options, source, out);
        } catch (RuntimeException e) {
            if (!existed) {
                removeIfEmpty(region);
            }
            throw e;
        }
    }

    /**
     * A region this run created must not outlive a refused first publish (too large, invalid line, ...): an
     * empty region would make followers wait for a value that never comes.
     */
    private static void removeIfEmpty(Region region) {
        try {
            boolean empty;
            try (RegionReader reader = region.openReader()) {
                empty = reader.version() == 0;
            }
            if (empty) {
                region.delete();
            }
        } catch (JsonMmapException ignored) {
            // someone else has it now, or it is gone already: leave it to them
        }
    }

    private int publish(Region region, WriterOptions options, String source, PrintWriter out) throws IOException {
        try (InputStream in = open()) {
            if (!lines) {
                byte[] json = in.readAllBytes();
                validate(json, source);
                schema.check(json, source, "nothing was published");
                try (RegionWriter writer = region.openWriter(options)) {
                    long version = ifChanged ? writer.publishJsonIfChanged(json) : writer.publishJson(json);
                    report(out, version);
                }
                return ExitCode.OK.code();
            }
            try (RegionWriter writer = region.openWriter(options)) {
                LineReader reader = new LineReader(in);
                byte[] line;
                while ((line = reader.next()) != null) {
                    if (isBlank(line)) {
                        continue;
                    }
                    try {
                        report(out, ifChanged ? writer.publishJsonIfChanged(line) : writer.publishJson(line));
                    } catch (ValidationFailedException e) {
                        throw new CliException(ExitCode.SCHEMA_VIOLATION, "line " + reader.lineNumber() + " of " + source
                                + " breaks the schema " + schema.file() + "; " + (writer.version() == 0 ? "nothing was published"
                                        : "the region keeps version " + writer.version()) + ":" + SchemaOption.listed(e.violations()), e);
                    } catch (InvalidJsonException e) {
                        throw new CliException(ExitCode.INVALID_JSON, "line " + reader.lineNumber() + " of " + source
                                + " is not valid JSON: " + detail(e).replaceFirst("^at line 1, column", "at column") + "; "
                                + (writer.version() == 0 ? "nothing was published"
                                        : "the region keeps version " + writer.version()), e);
                    }
                }
            }
        }
        return ExitCode.OK.code();
    }


    private InputStream open() throws IOException {
        if (file == null || file.equals("-")) {
            return new BufferedInputStream(System.in, 1 << 16);
        }
        try {
            return new BufferedInputStream(Files.newInputStream(Paths.get(file)), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void report(PrintWriter out, long version) {
        if (!quiet) {
            out.println(version);
        }
    }

    /** Checks the input before the region is opened, so that bad input never creates or changes a region. */
    private static void validate(byte[] json, String source) {
        try {
            JsonDocuments.validate(json);
        } catch (InvalidJsonException e) {
            throw new CliException(ExitCode.INVALID_JSON, source + " is not valid JSON: " + detail(e)
                    + "; nothing was published", e);
        }
    }

    private static String detail(InvalidJsonException e) {
        String m = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
        // "not valid JSON at line 2, column 5: ..." reads on as "<source> is not valid JSON: at line 2, ..."
        return m.startsWith("not valid JSON") ? m.substring("not valid JSON".length()).replaceFirst("^[: ]+", "").trim()
                : m.trim();
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads '\n'-terminated lines as bytes (a final line without '\n' counts; a trailing '\r' is dropped). */
    private static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private long number;

        LineReader(InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            number++;
            byte[] bytes = line.toByteArray();
            int n = bytes.length;
            if (n > 0 && bytes[n - 1] == '\r') {
                return java.util.Arrays.copyOf(bytes, n - 1);
            }
            return bytes;
        }

        long lineNumber() {
            return number;
        }
    }
}
