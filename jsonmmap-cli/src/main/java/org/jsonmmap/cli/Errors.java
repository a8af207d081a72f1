package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.InvalidRegionNameException;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.PermissionDeniedException;
import org.jsonmmap.RegionIOException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.UnsafePathException;
import org.jsonmmap.ValidationFailedException;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.zookeeper.ConfigConflictException;
import org.jsonmmap.zookeeper.ZnodeNotFoundException;
import org.jsonmmap.zookeeper.ZooKeeperUnavailableException;
import org.jsonmmap.schema.JsonSchemaValidator;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns a failure into an {@link ExitCode} and one sentence on standard error, for every
 * command: picocli's exit code mapper, execution exception handler and parameter exception handler.
 */
public final class Errors implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {
    Errors() {
    }

    /** Exception type to exit code; the first type an exception is an instance of wins (subclasses first). */
    private static final List<Map.Entry<Class<? extends Throwable>, ExitCode>> CODES = List.of(
            Map.entry(ConfigConflictException.class, ExitCode.CONFLICT),
            Map.entry(ZnodeNotFoundException.class, ExitCode.NOT_FOUND),
            Map.entry(ZooKeeperUnavailableException.class, ExitCode.TIMEOUT),
            Map.entry(RegionNotFoundException.class, ExitCode.NOT_FOUND),
            Map.entry(RegionReplacedException.class, ExitCode.NOT_FOUND),
            Map.entry(RegionCorruptException.class, ExitCode.CORRUPT),
            Map.entry(WriterLockedException.class, ExitCode.LOCKED),
            Map.entry(StaleWriterException.class, ExitCode.LOCKED),
            Map.entry(InvalidJsonException.class, ExitCode.INVALID_JSON),
            // ZnodeTooLargeException is one too
            Map.entry(CapacityExceededException.class, ExitCode.TOO_LARGE),
            Map.entry(ValidationFailedException.class, ExitCode.SCHEMA_VIOLATION),
            Map.entry(JsonSchemaValidator.InvalidSchemaException.class, ExitCode.USAGE),
            Map.entry(InvalidRegionNameException.class, ExitCode.USAGE),
            Map.entry(PermissionDeniedException.class, ExitCode.PERMISSION_DENIED),
            Map.entry(UnsafePathException.class, ExitCode.UNTRUSTED),
            Map.entry(RegionIOException.class, ExitCode.IO_ERROR),
            Map.entry(IllegalArgumentException.class, ExitCode.USAGE),
            Map.entry(ParameterException.class, ExitCode.USAGE));

    /**
     * Maps an exception to the exit code a script can act on.
     *
     * @param e what a command threw
     * @return its code's number
     */
    @Override
    public int getExitCode(Throwable e) {
        return exitCodeOf(e).code();
    }

    static ExitCode exitCodeOf(Throwable e) {
        if (e instanceof CliException) {
            return ((CliException) e).exitCode();
        }
        for (Map.Entry<Class<? extends Throwable>, ExitCode> c : CODES) {
            if (c.getKey().isInstance(e)) {
                return c.getValue();
            }
        }
        return ExitCode.FAILURE;
    }

    /** The sentence shown for an exception: ours and the libraries' are written for users; others are named. */
    static String sentenceOf(Throwable e) {
        String message = e.getMessage();
        if (e instanceof CliException || e instanceof JsonMmapException || e instanceof IllegalArgumentException) {
            return message == null ? e.getClass().getSimpleName() : message;
        }
        return "unexpected error: " + e + " (run with --debug for the stack trace)";
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println("jsonmmap: " + sentenceOf(e));
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
        return cl.getExitCodeExceptionMapper().getExitCode(e);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("jsonmmap: " + e.getMessage());
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return cl.getExitCodeExceptionMapper().getExitCode(e);
    }

    /**
     * What a command that only groups others does when run alone: says what is missing, shows its usage.
     *
     * @param spec the command
     * @param sentence what is missing, e.g. "a command is required"
     * @return {@link ExitCode#USAGE}
     */
    public static int missingSubcommand(CommandSpec spec, String sentence) {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("jsonmmap: " + sentence);
        cl.usage(cl.getErr());
        return ExitCode.USAGE.code();
    }

    private static boolean debug(CommandLine cl) {
        Object root = cl.getCommandSpec().root().userObject();
        return root instanceof JsonMmapCommand && ((JsonMmapCommand) root).debug();
    }
}
