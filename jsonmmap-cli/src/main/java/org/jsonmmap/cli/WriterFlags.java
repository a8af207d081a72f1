package org.jsonmmap.cli;

import org.jsonmmap.FileMode;
import org.jsonmmap.WriterOptions;

import picocli.CommandLine.Option;

/**
 * The four flags of the commands that write a region ({@code publish}, {@code serve}) and the writer options
 * they make. A picocli mixin: {@code @Mixin WriterFlags writerFlags;} in a command, then {@link #options()}.
 */
final class WriterFlags {
    @Option(names = "--capacity", paramLabel = "BYTES", converter = Converters.SizeConverter.class,
            description = "Initial capacity of a new region's slots, e.g. 64k (default 64k; it grows as needed).")
    private Long capacity;

    @Option(names = "--max-capacity", paramLabel = "BYTES", converter = Converters.SizeConverter.class,
            description = "Largest document accepted, e.g. 16m (default 512m): publish fails on a larger one with"
                    + " exit code 8, serve keeps it out like an invalid one.")
    private Long maxCapacity;

    @Option(names = "--mode", paramLabel = "MODE", converter = Converters.FileModeConverter.class,
            description = "File mode of a new region, e.g. 0640 to let the directory's group read it (default 0600;"
                    + " write bits for group or others are refused).")
    private FileMode mode;

    @Option(names = "--durable", description = "Force each version to storage before reporting it (for disk directories).")
    private boolean durable;

    /** Created by picocli. */
    WriterFlags() {
    }

    /**
     * @return the writer options the flags ask for (the defaults where a flag is absent)
     * @throws CliException (usage) if the capacities contradict each other
     */
    WriterOptions options() {
        WriterOptions o = WriterOptions.defaults();
        try {
            if (maxCapacity != null) {
                o = o.withMaxCapacity(maxCapacity);
            }
            if (capacity != null) {
                o = o.withInitialCapacity(capacity);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        }
        if (mode != null) {
            o = o.withMode(mode);
        }
        return o.withDurable(durable);
    }
}
