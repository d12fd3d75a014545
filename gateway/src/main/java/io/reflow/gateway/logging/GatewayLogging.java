package io.reflow.gateway.logging;

import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Sets up the process's log output and writes the lines logged while the JVM shuts down. */
public final class GatewayLogging {

    // Kept here: by the time a shutdown hook runs, the root logger may have no handlers left.
    private static volatile Formatter formatter = new TextLogFormatter();

    private GatewayLogging() {}

    /** Writes every record of the process in {@code format}. */
    public static void configure(LogFormat format) {
        formatter = format == LogFormat.TEXT ? new TextLogFormatter() : new JsonLogFormatter();
        Logger root = Logger.getLogger("");
        if (root.getHandlers().length == 0) {
            root.addHandler(new ConsoleHandler());
        }
        for (Handler handler : root.getHandlers()) {
            handler.setFormatter(formatter);
        }
    }

    /**
     * Logs {@code message} at INFO straight to {@code err}, formatted as the process's records are.
     * For shutdown hooks: the JDK's own hook closes the log handlers at the same time, so a record
     * logged the usual way then may never be written.
     */
    public static void atShutdown(Logger logger, String message, PrintStream err) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName(logger.getName());
        err.print(formatter.format(record));
        err.flush();
    }
}
