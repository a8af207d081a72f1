package org.jsonmmap;

/**
 * A document is larger than a configured limit (the writer's maximum capacity or a reader's maximum document size). The previous version stays readable.
 */
public class CapacityExceededException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public CapacityExceededException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public CapacityExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
