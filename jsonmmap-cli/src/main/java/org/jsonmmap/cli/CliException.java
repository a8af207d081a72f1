package org.jsonmmap.cli;

/**
 * A failure the tool reports as one sentence with a specific exit code (the message is shown as is).
 * Commands throw it; {@link Errors} prints it and maps it to its code.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExitCode exitCode;

    /**
     * @param exitCode the code the tool exits with
     * @param message the sentence shown on standard error
     */
    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode the code the tool exits with
     * @param message the sentence shown on standard error
     * @param cause what caused it (shown with --debug)
     */
    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the code the tool exits with */
    public ExitCode exitCode() {
        return exitCode;
    }
}
