package org.jsonmmap;

/**
 * The file system has no room to grow the region. Raised at publish time, before anything is mapped; the previous version stays readable.
 */
public class StorageFullException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public StorageFullException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
