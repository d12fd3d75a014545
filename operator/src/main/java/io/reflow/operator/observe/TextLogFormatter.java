package io.reflow.operator.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record: time, level, logger, message and its structured fields ({@code instance=...
 * target=...}); a stack trace follows when there is one.
 */
public final class TextLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line =
                new StringBuilder(160)
                        .append(Instant.ofEpochMilli(record.getMillis()))
                        .append(' ')
                        .append(record.getLevel().getName())
                        .append(' ')
                        .append(record.getLoggerName())
                        .append(": ")
                        .append(formatMessage(record))
                        .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    @Override
    public String formatMessage(LogRecord record) {
        if (OperatorLog.fields(record).isEmpty()) {
            return super.formatMessage(record);
        }
        // The fields a JSON line carries as properties, here as a key=value suffix.
        return record.getMessage() + OperatorLog.suffix(record);
    }
}
