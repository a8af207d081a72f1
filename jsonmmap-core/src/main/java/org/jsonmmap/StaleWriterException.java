package org.jsonmmap;

/**
 * This writer was fenced: the header carries a newer writer epoch than the one this writer took over with, so it must not write again.
 */
public class StaleWriterException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the region and, where it applies, expected against actual
     */
    public StaleWriterException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public StaleWriterException(String message, Throwable cause) {
        super(message, cause);
    }
}
