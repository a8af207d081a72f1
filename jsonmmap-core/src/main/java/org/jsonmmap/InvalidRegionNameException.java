package org.jsonmmap;

/**
 * A region name breaks the naming rule (1 to 128 of {@code A-Z a-z 0-9 . _ -}, not {@code .} or {@code ..}).
 */
public class InvalidRegionNameException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public InvalidRegionNameException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public InvalidRegionNameException(String message, Throwable cause) {
        super(message, cause);
    }
}
