package io.reflow.gateway.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * An SSE body with the data of each event passed through a filter. Only the event being read is
 * held (at most {@code maxBytes}); every event is handed on as soon as its blank line arrives, and
 * an event the filter leaves alone goes out byte for byte. A longer event ends the stream with an
 * error: the gateway never relays a list it could not filter.
 */
final class SseFilterStream extends InputStream {

    private final InputStream in;
    private final UnaryOperator<byte[]> filter;
    private final int maxBytes;
    private final ByteArrayOutputStream event = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[16 * 1024];
    private byte[] pending = new byte[0];
    private int position;
    private boolean ended;
    private int last = -1;
    private int beforeLast = -1;

    SseFilterStream(InputStream in, UnaryOperator<byte[]> filter, int maxBytes) {
        this.in = in;
        this.filter = filter;
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (position == pending.length) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, pending.length - position);
        System.arraycopy(pending, position, b, off, n);
        position += n;
        return n;
    }

    /** Reads what the upstream has and makes every event it completes pending. */
    private void fill() throws IOException {
        int n = in.read(chunk);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (n < 0) {
            ended = true;
            // An unfinished last event: its data may be cut, so it is passed on as it came.
            out.write(filtered(event.toByteArray()));
            event.reset();
        } else {
            for (int i = 0; i < n; i++) {
                byte c = chunk[i];
                event.write(c);
                if (endsEvent(c)) {
                    out.write(filtered(event.toByteArray()));
                    event.reset();
                    last = -1;
                    beforeLast = -1;
                } else {
                    beforeLast = last;
                    last = c;
                }
            }
            if (event.size() > maxBytes) {
                throw new IOException(
                        "an SSE event of a list answer exceeds server.max_body_bytes");
            }
        }
        pending = out.toByteArray();
        position = 0;
    }

    /**
     * A blank line: {@code \n\n}, {@code \r\r} or {@code \r\n\r\n} (its last byte is {@code c}).
     */
    private boolean endsEvent(byte c) {
        if (c == '\n') {
            return last == '\n' || (last == '\r' && beforeLast == '\n');
        }
        return c == '\r' && last == '\r';
    }

    /** The event with its data lines filtered; the same bytes when the filter changed nothing. */
    private byte[] filtered(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n|\r|\n", -1);
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        for (String line : lines) {
            if (line.startsWith("data:")) {
                if (hasData) {
                    data.append('\n');
                }
                String value = line.substring(5);
                data.append(value.startsWith(" ") ? value.substring(1) : value);
                hasData = true;
            }
        }
        if (!hasData) {
            return raw;
        }
        byte[] json = data.toString().getBytes(StandardCharsets.UTF_8);
        byte[] result = filter.apply(json);
        if (result == json) {
            return raw;
        }
        StringBuilder rebuilt = new StringBuilder();
        boolean dataWritten = false;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("data:")) {
                if (!dataWritten) {
                    rebuilt.append("data: ")
                            .append(new String(result, StandardCharsets.UTF_8))
                            .append('\n');
                    dataWritten = true;
                }
            } else {
                rebuilt.append(line).append('\n');
            }
        }
        return rebuilt.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
