package org.jsonmmap;

/**
 * The file at the region's path was deleted or replaced by another file while this reader had it open; reopen to follow the new file.
 */
public class RegionReplacedException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public RegionReplacedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RegionReplacedException(String message, Throwable cause) {
        super(message, cause);
    }
}
