package org.jsonmmap;

/**
 * The file is shorter than its header says (truncated on disk, or shrunk under a live reader).
 */
public class RegionTruncatedException extends RegionCorruptException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public RegionTruncatedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RegionTruncatedException(String message, Throwable cause) {
        super(message, cause);
    }
}
