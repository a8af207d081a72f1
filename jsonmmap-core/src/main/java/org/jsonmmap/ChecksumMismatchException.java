package org.jsonmmap;

/**
 * A payload's checksum does not match what its descriptor says: the bytes rotted or were overwritten by something that is not the writer.
 */
public class ChecksumMismatchException extends RegionCorruptException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public ChecksumMismatchException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
