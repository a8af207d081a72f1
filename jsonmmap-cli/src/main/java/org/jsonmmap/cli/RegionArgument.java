package org.jsonmmap.cli;

import org.jsonmmap.Region;

import picocli.CommandLine.Parameters;

/**
 * The NAME argument of a command that works on one region, with {@code --dir} (from {@link DirOption}).
 * A picocli mixin: {@code @Mixin RegionArgument region;} in a command, then {@link #region()}.
 */
public class RegionArgument extends DirOption {
    @Parameters(index = "0", paramLabel = "NAME", description = "The region (a name, or a path if it contains '/').")
    private String name;

    /** Created by picocli. */
    public RegionArgument() {
    }

    /**
     * @return the region NAME means
     * @throws org.jsonmmap.InvalidRegionNameException if NAME is neither a valid name nor a path
     */
    public Region region() {
        return region(name);
    }
}
