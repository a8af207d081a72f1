package org.jsonmmap;

/**
 * Another writer, in this process or another, holds the region; {@link #holderPid()} names it.
 */
public class WriterLockedException extends JsonMmapException {
    private static final long serialVersionUID = 1L;
    /** Process id of the writer that holds the region, or -1 if unknown. */
    private final long holderPid;

    /**
     * @param message what was refused
     * @param holderPid process id of the writer that holds the region, or -1 if unknown
     */
    public WriterLockedException(String message, long holderPid) {
        super(message);
        this.holderPid = holderPid;
    }

    /**
     * Process id of the writer holding the region.
     *
     * @return the holder's pid, or -1 when it could not be read
     */
    public long holderPid() {
        return holderPid;
    }
}
