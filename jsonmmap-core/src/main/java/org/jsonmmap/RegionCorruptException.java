package org.jsonmmap;

/**
 * The file is not a valid region in some way docs/FORMAT.md defines: a field out of range, a slot that cannot be valid. Subclasses name the common cases.
 */
public class RegionCorruptException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public RegionCorruptException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RegionCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
