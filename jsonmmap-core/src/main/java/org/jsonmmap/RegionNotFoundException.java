package org.jsonmmap;

/**
 * The region file does not exist (or did not appear within the time a caller waited for it).
 */
public class RegionNotFoundException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public RegionNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RegionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
