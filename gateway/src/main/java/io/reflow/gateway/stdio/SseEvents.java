package io.reflow.gateway.stdio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events (event name and data) from a legacy HTTP+SSE stream, with every event
 * bounded in size like a stdio line.
 */
final class SseEvents {

    /** One event; {@code name} is {@code message} when the stream named none. */
    record Event(String name, String data) {}

    private final BoundedLineReader lines;
    private final int maxBytes;

    SseEvents(BoundedLineReader lines, int maxBytes) {
        this.lines = lines;
        this.maxBytes = maxBytes;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String name = "message";
        StringBuilder data = null;
        byte[] raw;
        while ((raw = lines.next()) != null) {
            String line = new String(raw, StandardCharsets.UTF_8);
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name, data.toString());
                }
                name = "message";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder() : data.append('\n');
                data.append(value);
                if (data.length() > maxBytes) {
                    throw new LineTooLongException(maxBytes);
                }
            }
        }
        return null;
    }
}
