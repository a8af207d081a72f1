package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jsonmmap verify}: check a region file against docs/FORMAT.md and report every problem. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check region NAME against the file format (docs/FORMAT.md): magic, format version, bounds,"
                + " both slots, checksums. Prints each problem found; exit code 0 when healthy, 4 when not.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  jsonmmap verify cfg",
            "  jsonmmap verify /var/lib/app/cfg.jmm && echo healthy"})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    private RegionArgument target;

    @Override
    public Integer call() {
        Region region = target.region();
        List<String> problems = region.verify();
        PrintWriter out = target.out();
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
