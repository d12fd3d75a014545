package io.reflow.gateway.logging;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The JDK's text records (format and {@code java.util.logging.SimpleFormatter.format} as usual),
 * with the logging thread's {@link LogContext} appended to the message: {@code ... target=github
 * instance=github-0a1b2c3d4e}.
 */
public final class TextLogFormatter extends SimpleFormatter {

    @Override
    public String formatMessage(LogRecord record) {
        return super.formatMessage(record) + LogContext.suffix(LogContext.current());
    }
}
