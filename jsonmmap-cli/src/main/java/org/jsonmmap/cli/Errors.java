package org.jsonmmap.cli;

import java.io.PrintWriter;

import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.InvalidRegionNameException;
import org.jsonmmap.RegionCorruptException;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.JsonMmapException;

import picocli.CommandLine;

/** Turns failures into one sentence on standard error and an {@link ExitCode}: the one place that maps them. */
final class Errors {
    private Errors() {
    }

    /** Maps an exception to the exit code a script can act on. */
    static ExitCode exitCodeOf(Throwable e) {
        if (e instanceof CliException) {
            return ((CliException) e).exitCode();
        }
        if (e instanceof RegionNotFoundException || e instanceof RegionReplacedException) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof RegionCorruptException) {
            return ExitCode.CORRUPT;
        }
        if (e instanceof WriterLockedException || e instanceof StaleWriterException) {
            return ExitCode.LOCKED;
        }
        if (e instanceof InvalidJsonException) {
            return ExitCode.INVALID_JSON;
        }
        if (e instanceof CapacityExceededException) {
            return ExitCode.TOO_LARGE;
        }
        if (e instanceof InvalidRegionNameException || e instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }

    /** The sentence shown for an exception: ours and the core's are written for users; others are named. */
    static String sentenceOf(Throwable e) {
        String message = e.getMessage();
        if (e instanceof CliException || e instanceof JsonMmapException || e instanceof IllegalArgumentException) {
            return message == null ? e.getClass().getSimpleName() : message;
        }
        return "unexpected error: " + e + " (run with --debug for the stack trace)";
    }

    static int onExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println("jsonmmap: " + sentenceOf(e));
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(e).code();
    }

    static int onParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("jsonmmap: " + e.getMessage());
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static boolean debug(CommandLine cl) {
        Object root = cl.getCommandSpec().root().userObject();
        return root instanceof JsonMmapCommand && ((JsonMmapCommand) root).debug();
    }
}
