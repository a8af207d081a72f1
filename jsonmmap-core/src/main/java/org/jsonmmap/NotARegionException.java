package org.jsonmmap;

/**
 * The file does not start with the region magic: it is not a jsonmmap region (or its first bytes were destroyed).
 */
public class NotARegionException extends RegionCorruptException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public NotARegionException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public NotARegionException(String message, Throwable cause) {
        super(message, cause);
    }
}
