package org.jsonmmap;

/**
 * An operating-system I/O call failed (permission denied, device error); the cause carries the detail.
 */
public class RegionIOException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public RegionIOException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RegionIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
