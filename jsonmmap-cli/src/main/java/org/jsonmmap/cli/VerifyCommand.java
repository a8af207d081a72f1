package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jsonmmap verify}: check a region file against docs/FORMAT.md and report every problem. */
@Command(name = "verify",
        description = "Check region NAME against the file format (docs/FORMAT.md): magic, format version, bounds,"
                + " both slots, checksums. Prints each problem found; exit code 0 when healthy, 4 when not.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap verify cfg",
            "  jsonmmap verify /var/lib/app/cfg.jmm && echo healthy"})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private JsonMmapCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The region (a name, or a path if it contains '/').")
    private String name;

    @Override
    public Integer call() {
        Region region = root.region(name);
        List<String> problems = region.verify();
        PrintWriter out = spec.commandLine().getOut();
        if (problems.isEmpty()) {
            String detail = "";
            try {
                RegionInfo info = region.info();
                detail = info.version() == 0 ? " (no version published yet)"
                        : " (version " + info.version() + ", " + info.size() + " bytes)";
            } catch (JsonMmapException e) {
                // healthy a moment ago; the summary does without the detail
            }
            out.println("region '" + region.name() + "' is healthy" + detail);
            return ExitCode.OK.code();
        }
        for (String p : problems) {
            out.println("problem: " + p);
        }
        out.println("region '" + region.name() + "' is corrupt: " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + " (" + region.path() + ")");
        return ExitCode.CORRUPT.code();
    }
}
