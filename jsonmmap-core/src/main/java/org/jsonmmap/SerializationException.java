package org.jsonmmap;

/**
 * A value could not be turned into JSON (or JSON into the requested type). Nothing was published; the previous version stays.
 */
public class SerializationException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public SerializationException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
