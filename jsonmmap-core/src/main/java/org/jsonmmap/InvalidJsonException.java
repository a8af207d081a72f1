package org.jsonmmap;

/**
 * Bytes offered as JSON are not exactly one JSON value, or break a reader's nesting or size limits.
 */
public class InvalidJsonException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public InvalidJsonException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public InvalidJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
