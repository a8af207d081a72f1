package org.jsonmmap.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/**
 * The entry point of the {@code jsonmmap} tool ({@code bin/jsonmmap} runs it from the executable jar).
 * Only {@link #main} exits the JVM; everything else returns an {@link ExitCode}.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the tool and exits with its {@linkplain ExitCode exit code}.
     *
     * @param args the command line, e.g. {@code get cfg --pointer /db/url}
     */
    public static void main(String[] args) {
        // UTF-8 whatever the locale: documents are UTF-8 JSON, and a C locale must not turn them into '?'
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8)), true);
        PrintWriter err = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8)), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the tool in this JVM, writing to the given writers, without exiting.
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /**
     * The configured command line: commands, writers, error handling, exit code list.
     *
     * @param out standard output
     * @param err standard error
     * @return a picocli command line ready to execute
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new JsonMmapCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler(Errors::onExecutionException);
        cl.setParameterExceptionHandler(Errors::onParameterException);
        listExitCodes(cl);
        return cl;
    }

    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                listExitCodes(sub);
            }
        }
    }
}
