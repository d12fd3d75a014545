package io.reflow.operator.observe;

import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code message}, the
 * record's structured fields (such as {@code instance} and {@code reason}) and {@code error}.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", Instant.ofEpochMilli(record.getMillis()).toString());
        json.append(',');
        field(json, "level", record.getLevel().getName());
        json.append(',');
        field(json, "logger", record.getLoggerName());
        json.append(',');
        field(json, "message", formatMessage(record));
        for (Map.Entry<String, String> entry : OperatorLog.fields(record).entrySet()) {
            json.append(',');
            field(json, entry.getKey(), entry.getValue());
        }
        if (record.getThrown() != null) {
            json.append(',');
            Throwable thrown = record.getThrown();
            field(json, "error", thrown.getClass().getName() + ": " + thrown.getMessage());
        }
        return json.append('}').append(System.lineSeparator()).toString();
    }

    @Override
    public String formatMessage(LogRecord record) {
        if (OperatorLog.fields(record).isEmpty()) {
            return super.formatMessage(record);
        }
        return record.getMessage();
    }

    private static void field(StringBuilder json, String name, String value) {
        quote(json, name);
        json.append(':');
        if (value == null) {
            json.append("null");
        } else {
            quote(json, value);
        }
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
