package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.jsonmmap.Region;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --dir} option of every command that names regions, and the command's writers. A picocli mixin:
 * {@code @Mixin DirOption dir;} in a command. {@link RegionArgument} adds the NAME argument to it.
 *
 * <p>The directory is, in order: this command's {@code --dir}, the top-level {@code jsonmmap --dir}, then the
 * library's default ({@code $JSONMMAP_DIR}, else {@code /dev/shm/jsonmmap-$USER} on Linux).
 */
public class DirOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory of the regions (default: $JSONMMAP_DIR, else /dev/shm/jsonmmap-$USER on Linux,"
                    + " else $TMPDIR/jsonmmap-$USER).")
    private Path dir;

    /** Created by picocli. */
    public DirOption() {
    }

    /** @return the directory regions are named in */
    public Path directory() {
        if (dir != null) {
            return dir;
        }
        Object root = mixee.root().userObject();
        if (root instanceof JsonMmapCommand && ((JsonMmapCommand) root).directory() != null) {
            return ((JsonMmapCommand) root).directory();
        }
        return Region.defaultDirectory();
    }

    /**
     * The region a NAME means: a path when it contains '/', else a name in {@link #directory()}.
     *
     * @param name a region name or a path
     * @return the region
     * @throws org.jsonmmap.InvalidRegionNameException if it is neither a valid name nor a path
     */
    public Region region(String name) {
        if (name.indexOf('/') >= 0) {
            return Region.at(Paths.get(name));
        }
        return Region.named(name, directory());
    }

    /** @return the command's standard output (tests capture it) */
    public PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /** @return the command's standard error */
    public PrintWriter err() {
        return mixee.commandLine().getErr();
    }
}
