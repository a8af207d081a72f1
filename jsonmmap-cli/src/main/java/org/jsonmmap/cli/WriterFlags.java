package org.jsonmmap.cli;

import org.jsonmmap.FileMode;
import org.jsonmmap.WriterOptions;

/** The writer options that {@code publish} and {@code serve} take from the same four flags. */
final class WriterFlags {
    private WriterFlags() {
    }

    /**
     * @param capacity {@code --capacity}, or null for the default
     * @param maxCapacity {@code --max-capacity}, or null for the default
     * @param mode {@code --mode}, or null for the default (0600)
     * @param durable {@code --durable}
     * @return the options
     * @throws CliException (usage) if the capacities contradict each other
     */
    static WriterOptions options(Long capacity, Long maxCapacity, FileMode mode, boolean durable) {
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
