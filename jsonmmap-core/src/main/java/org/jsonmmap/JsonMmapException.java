package org.jsonmmap;

/**
 * The root of every exception jsonmmap throws. Unchecked: catch it, or one of its subclasses for what a caller can act on.
 */
public class JsonMmapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public JsonMmapException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public JsonMmapException(String message, Throwable cause) {
        super(message, cause);
    }
}
