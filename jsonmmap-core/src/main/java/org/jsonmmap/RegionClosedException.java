package org.jsonmmap;

/**
 * A writer, reader or subscription was used after {@code close()}.
 */
public class RegionClosedException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public RegionClosedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RegionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
