package org.jsonmmap.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

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
     * The configured command line: commands, writers, error handling, the exit code table.
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
        Errors errors = new Errors();
        cl.setExitCodeExceptionMapper(errors);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setExecutionStrategy(parsed -> {
            // after parsing (--debug known), before the command runs and anything logs
            LogLine.install(((JsonMmapCommand) cl.getCommand()).debug());
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        pointToTheExitCodes(cl);
        return cl;
    }

    /** The table is shown once, at the top; each command's help ends with where to find it. */
    private static void pointToTheExitCodes(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
            List<String> footer = new ArrayList<>(List.of(usage.footer()));
            footer.add("%nExit codes: see 'jsonmmap --help'.");
            usage.footer(footer.toArray(new String[0]));
            pointToTheExitCodes(sub);
        }
    }
}
