package org.jsonmmap.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;

import org.jsonmmap.Region;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.internal.RegionLayout;

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
        footerHeading = "%nExamples:%n",
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
            refuseNonRegion(region);
            try {
                if (!region.delete(force)) {
                    throw new CliException(ExitCode.NOT_FOUND, "region '" + region.name() + "' does not exist (no file "
                            + region.path() + ")");
                }
            } catch (WriterLockedException e) {
                throw new CliException(ExitCode.LOCKED, "region '" + region.name() + "' is held by a running writer"
                        + " (pid " + e.holderPid() + "); stop it first, or use --force", e);
            }
        }
        return ExitCode.OK.code();
    }

    /** A file at the region's path must start with the magic; a link or another kind of file is never deleted. */
    private static void refuseNonRegion(Region region) {
        Path path = region.path();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return; // nothing to delete but perhaps a stale lock file: Region.delete reports 'not found'
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(ExitCode.CORRUPT, "not deleting " + path + ": it is "
                    + (Files.isSymbolicLink(path) ? "a symbolic link" : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    ? "a directory" : "not a regular file") + ", not a region; nothing was deleted");
        }
        ByteBuffer head = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // read the 8 bytes of the magic (fewer if the file is shorter)
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.IO_ERROR, "cannot check that " + path + " is a region before deleting it: "
                    + e.getMessage() + "; nothing was deleted", e);
        }
        if (head.position() < Long.BYTES || head.getLong(0) != RegionLayout.MAGIC) {
            throw new CliException(ExitCode.CORRUPT, "not deleting " + path + ": it is not a region (it does not start"
                    + " with the region magic \"JSONMMAP\"); nothing was deleted");
        }
    }
}
