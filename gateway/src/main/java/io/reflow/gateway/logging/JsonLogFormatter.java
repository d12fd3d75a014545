package io.reflow.gateway.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code message}, the
 * {@code target} and {@code instance} of the logging thread's {@link LogContext} when it has them,
 * and, when the record carries an exception, {@code error} (its class and message, no stack trace).
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        ObjectNode line = Json.object();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("message", formatMessage(record));
        LogContext.current().forEach(line::put);
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.put("error", thrown.getClass().getName() + ": " + thrown.getMessage());
        }
        return new String(Json.write(line), StandardCharsets.UTF_8) + System.lineSeparator();
    }
}
