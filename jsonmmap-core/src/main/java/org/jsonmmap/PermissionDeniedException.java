package org.jsonmmap;

/**
 * The operating system refused access to a region file, its lock file or its directory. The message names
 * the path, its owner and mode, and what to do (typically: a shared directory, group-readable regions; see
 * the README's "Several users").
 */
public class PermissionDeniedException extends RegionIOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, with the path's owner and mode and a hint
     * @param cause the underlying failure
     */
    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
