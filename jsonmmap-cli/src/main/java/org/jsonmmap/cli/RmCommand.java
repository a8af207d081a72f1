package org.jsonmmap.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.jsonmmap.Region;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.cli.serve.ServeState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jsonmmap rm}: delete regions. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Delete region NAME (its file and lock file). Refused while a writer holds it, unless"
                + " --force; open readers then fail with 'region was deleted' instead of serving the old value."
                + " Only regions are deleted: a file that does not start with the region magic (docs/FORMAT.md"
                + " 3.1) is refused with exit code 4 and nothing is touched, even with --force.",
        footer = {
            "  jsonmmap rm cfg",
            "  jsonmmap rm cfg prices --force"})
final class RmCommand implements Callable<Integer> {
    @Mixin
    private DirOption dir;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The region(s) (names, or paths if they contain '/').")
    private List<String> names;

    @Option(names = {"-f", "--force"}, description = "Delete even while a writer holds the region (the writer fails at its next publish).")
    private boolean force;

    @Override
    public Integer call() {
        for (String name : names) {
            Region region = dir.region(name);
            try {
                if (!region.delete(force)) {
                    throw new CliException(ExitCode.NOT_FOUND, "region '" + region.name() + "' does not exist (no file "
                            + region.path() + ")");
                }
                // a sidecar left by a serve that was killed (a clean stop removes its own)
                ServeState.removeStale(region);
            } catch (WriterLockedException e) {
                throw new CliException(ExitCode.LOCKED, "region '" + region.name() + "' is held by a running writer"
                        + " (pid " + e.holderPid() + "); stop it first, or use --force", e);
            }
        }
        return ExitCode.OK.code();
    }
}
