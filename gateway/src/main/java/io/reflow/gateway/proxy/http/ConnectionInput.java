package io.reflow.gateway.proxy.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Buffered reads from one connection's socket: lines for response heads and chunk sizes, bytes for
 * bodies. Unsynchronised, as one thread uses a connection at a time. Enforces an optional deadline
 * across all reads (for the response head) or a bound on each read's wait (for idle streams).
 */
final class ConnectionInput {

    private final InputStream in;
    private final Socket socket;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean hasDeadline;
    private long deadline;

    /** Reads {@code socket}'s input stream through a buffer of {@code bufferSize} bytes. */
    ConnectionInput(Socket socket, int bufferSize) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.buffer = new byte[bufferSize];
    }

    /** Reads one byte, or returns -1 at the end of the stream. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Reads up to {@code length} bytes, at least one unless at the end of the stream (-1). */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (length >= buffer.length) {
                // Large reads skip the copy through the buffer.
                return receive(target, offset, length);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /**
     * Reads a line ending in LF (a CR before it is dropped) as ISO-8859-1, without the line end.
     * Returns null at the end of the stream before the first byte of the line.
     *
     * @param maxLength the most bytes the line may have, line end included
     * @param tooLong the message of the exception thrown for a longer line
     */
    String readLine(int maxLength, String tooLong) throws IOException {
        byte[] partial = null;
        int partialLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (partialLength == 0) {
                    return null;
                }
                throw new EOFException("upstream closed the connection in the middle of a line");
            }
            int end = indexOfLineFeed();
            int available = (end >= 0 ? end + 1 : limit) - position;
            if (partialLength + available > maxLength) {
                throw new ProtocolException(tooLong);
            }
            if (end >= 0 && partial == null) {
                String line = text(buffer, position, end - position);
                position = end + 1;
                return line;
            }
            if (partial == null) {
                partial = new byte[Math.max(256, available * 2)];
            } else if (partial.length < partialLength + available) {
                partial =
                        Arrays.copyOf(
                                partial, Math.max(partial.length * 2, partialLength + available));
            }
            System.arraycopy(buffer, position, partial, partialLength, available);
            partialLength += available;
            position += available;
            if (end >= 0) {
                return text(partial, 0, partialLength - 1);
            }
        }
    }

    /** Whether bytes were received that nobody has read yet. */
    boolean hasBuffered() {
        return position < limit;
    }

    /** Every read from now on must complete within {@code timeout} of this call. */
    void deadline(Duration timeout) {
        hasDeadline = true;
        deadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofDays(365).toNanos());
    }

    /** Reads from now on wait as long as it takes (streams may be idle for long). */
    void noDeadline() throws IOException {
        hasDeadline = false;
        socket.setSoTimeout(0);
    }

    private boolean fill() throws IOException {
        int n = receive(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int receive(byte[] target, int offset, int length) throws IOException {
        if (hasDeadline) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("no response within the read timeout");
            }
            long millis = Math.max(1, (remaining + 999_999) / 1_000_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
        }
        return in.read(target, offset, length);
    }

    private int indexOfLineFeed() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The bytes up to a line feed, without a CR before it. */
    private static String text(byte[] bytes, int offset, int length) {
        int n = length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
        return new String(bytes, offset, n, StandardCharsets.ISO_8859_1);
    }
}
