package org.jsonmmap;

/**
 * The region path is a symbolic link or not a regular file; jsonmmap refuses to follow or replace it.
 */
public class UnsafePathException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public UnsafePathException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public UnsafePathException(String message, Throwable cause) {
        super(message, cause);
    }
}
