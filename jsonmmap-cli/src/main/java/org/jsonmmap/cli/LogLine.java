package org.jsonmmap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The tool's log format, one line per record on standard error: {@code 2026-11-30 12:00:00.123 WARNING
 * org.apache.zookeeper.ClientCnxn: message: java.net.ConnectException: Connection refused}. The stack trace of a
 * logged exception follows only with {@code --debug}. Everything logs through java.util.logging: the core's
 * System.Logger and, through slf4j-jdk14, ZooKeeper and Curator, which are held to warnings unless
 * {@code --debug}.
 */
final class LogLine extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    /** Chatty libraries: their INFO (client environment, every reconnect attempt) only with --debug. */
    private static final List<String> QUIET = List.of("org.apache.zookeeper", "org.apache.curator");
    /** Strong references: java.util.logging keeps its loggers weakly, and would forget their levels. */
    private static final List<Logger> CONFIGURED = QUIET.stream().map(Logger::getLogger).toList();

    private final boolean stackTraces;

    LogLine(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    /**
     * Makes the console handler of the root logger write this format, and sets the chatty libraries' levels.
     *
     * @param debug whether {@code --debug} was given
     */
    static void install(boolean debug) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new LogLine(debug));
        root.addHandler(console);
        for (Logger logger : CONFIGURED) {
            logger.setLevel(debug ? Level.INFO : Level.WARNING);
        }
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                .append(' ').append(record.getLevel().getName())
                .append(' ').append(record.getLoggerName())
                .append(": ").append(oneLine(formatMessage(record)));
        Throwable thrown = record.getThrown();
        if (thrown != null && !stackTraces) {
            line.append(": ").append(oneLine(String.valueOf(thrown)));
        }
        line.append(System.lineSeparator());
        if (thrown != null && stackTraces) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
