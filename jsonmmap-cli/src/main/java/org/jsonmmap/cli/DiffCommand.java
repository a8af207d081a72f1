package org.jsonmmap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonDocuments;
import org.jsonmmap.JsonPatch;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Versioned;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/** {@code jsonmmap diff}: what changed from one document to another, as an RFC 6902 JSON Patch. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
            "Print, as one line of RFC 6902 JSON Patch, what turns document A into document B ([] when they are"
                    + " equal; member order and spacing do not count).",
            "A and B are each a region NAME, a region file (a path ending in .jmm), a JSON file (any other"
                    + " existing path) or - for standard input (once)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap diff cfg new-config.json       # what publishing it would change",
            "  jsonmmap diff cfg staging --pointer /db",
            "  jsonmmap diff old.json new.json"})
final class DiffCommand implements Callable<Integer> {
    @Mixin
    private DirOption dir;

    @Parameters(index = "0", paramLabel = "A", description = "The earlier document: region NAME, FILE.jmm, FILE.json or -.")
    private String a;

    @Parameters(index = "1", paramLabel = "B", description = "The later document: region NAME, FILE.jmm, FILE.json or -.")
    private String b;

    @Option(names = {"-p", "--pointer"}, paramLabel = "POINTER",
            description = "Compare only the parts at this JSON Pointer, e.g. /db (a missing part counts as null).")
    private String pointer;

    @Override
    public Integer call() throws IOException {
        if (a.equals("-") && b.equals("-")) {
            throw new CliException(ExitCode.USAGE, "only one of A and B can be standard input");
        }
        JsonPointer at = Reading.pointer(pointer);
        JsonNode from = part(load(a), at);
        JsonNode to = part(load(b), at);
        dir.out().println(JsonPatch.diff(from, to));
        return ExitCode.OK.code();
    }

    private static JsonNode part(JsonNode doc, JsonPointer at) {
        if (at == null) {
            return doc;
        }
        JsonNode n = doc.at(at);
        return n.isMissingNode() ? tools.jackson.databind.node.JsonNodeFactory.instance.nullNode() : n;
    }

    private JsonNode load(String operand) throws IOException {
        if (operand.equals("-")) {
            return parse(System.in.readAllBytes(), "standard input");
        }
        Path path = Paths.get(operand);
        boolean pathLike = operand.indexOf('/') >= 0 || Files.exists(path);
        if (pathLike && !operand.endsWith(".jmm")) {
            try {
                return parse(Files.readAllBytes(path), operand);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.NOT_FOUND, "cannot read " + operand + ": no such file", e);
            }
        }
        Region region = dir.region(operand.endsWith(".jmm") && operand.indexOf('/') < 0 ? "./" + operand : operand);
        try (RegionReader reader = region.openReader()) {
            Optional<Versioned<JsonNode>> snapshot = reader.snapshot();
            return snapshot.orElseThrow(() -> new CliException(ExitCode.NOT_FOUND, "region '" + region.name()
                    + "' holds no version yet")).value();
        }
    }

    private static JsonNode parse(byte[] bytes, String source) {
        try {
            return JsonDocuments.parse(bytes);
        } catch (InvalidJsonException e) {
            String m = String.valueOf(e.getMessage()).replace('\n', ' ');
            throw new CliException(ExitCode.INVALID_JSON, source + " is not valid JSON: "
                    + (m.startsWith("not valid JSON: ") ? m.substring("not valid JSON: ".length()) : m), e);
        }
    }
}
