package org.jsonmmap;

/**
 * The file is a region of a format version this code does not read.
 */
public class UnsupportedFormatException extends RegionCorruptException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public UnsupportedFormatException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public UnsupportedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
