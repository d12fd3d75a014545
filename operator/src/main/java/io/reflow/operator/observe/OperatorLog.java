package io.reflow.operator.observe;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log lines with structured fields: the message is complete for humans, the fields (instance,
 * reason ...) become JSON properties when {@code LOG_FORMAT=json}. Never pass secret values.
 */
public final class OperatorLog {

    // Kept here: by the time a shutdown hook runs, the root logger may have no handlers left.
    private static volatile Formatter shutdownFormatter = new TextLogFormatter();

    private OperatorLog() {}

    /**
     * Logs {@code message} at INFO straight to {@code err}, in the configured format. For shutdown
     * hooks: the JDK's own hook closes the log handlers at the same time, so a record logged the
     * usual way then may never be written.
     */
    public static void atShutdown(Logger logger, String message, PrintStream err) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName(logger.getName());
        err.print(shutdownFormatter.format(record));
        err.flush();
    }

    /** Logs {@code message} with {@code fields} given as name, value, name, value ... */
    public static void log(
            Logger logger, Level level, String message, Throwable thrown, String... fields) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            map.put(fields[i], fields[i + 1]);
        }
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger.getName());
        record.setParameters(new Object[] {new Fields(map)});
        record.setThrown(thrown);
        logger.log(record);
    }

    /** Logs at INFO. */
    public static void info(Logger logger, String message, String... fields) {
        log(logger, Level.INFO, message, null, fields);
    }

    /** The target an instance belongs to, for the {@code target} field; null when it has none. */
    public static String target(io.reflow.mcp.api.MCPInstance instance) {
        return instance.getSpec() == null ? null : instance.getSpec().getTargetName();
    }

    /**
     * A record's fields as the text suffix {@code " instance=ns/a target=t"}, "" when it has none;
     * fields without a value are left out.
     */
    static String suffix(LogRecord record) {
        StringBuilder out = new StringBuilder();
        fields(record)
                .forEach(
                        (name, value) -> {
                            if (value != null) {
                                out.append(' ').append(name).append('=').append(value);
                            }
                        });
        return out.toString();
    }

    /** The structured fields of a record, empty when it has none. */
    public static Map<String, String> fields(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length == 1 && parameters[0] instanceof Fields f) {
            return f.values();
        }
        return Map.of();
    }

    /** Switches the root logger's handlers to JSON lines ({@code json}) or to one-line text. */
    public static void configure(boolean json) {
        Logger root = Logger.getLogger("");
        Formatter formatter = json ? new JsonLogFormatter() : new TextLogFormatter();
        shutdownFormatter = formatter;
        if (root.getHandlers().length == 0) {
            root.addHandler(new ConsoleHandler());
        }
        for (Handler handler : root.getHandlers()) {
            handler.setFormatter(formatter);
        }
    }

    /** Structured fields carried as the single parameter of a record. */
    record Fields(Map<String, String> values) {
        @Override
        public String toString() {
            return values.toString();
        }
    }
}
