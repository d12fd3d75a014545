package io.reflow.gateway.stdio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads newline-delimited messages from a process's stdout, none longer than a limit, so a server
 * that writes without end cannot fill the gateway's memory. A trailing {@code \r} is dropped.
 */
final class BoundedLineReader {

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next line without its end, or null at the end of the stream.
     *
     * @throws LineTooLongException when a line exceeds the limit
     */
    byte[] next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit < 0) {
                    limit = 0;
                    return line.size() > 0 ? line.toByteArray() : null;
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            if (line.size() + (end - position) > maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            line.write(buffer, position, end - position);
            if (end < limit) {
                position = end + 1;
                return withoutCarriageReturn(line.toByteArray());
            }
            position = limit;
        }
    }

    private static byte[] withoutCarriageReturn(byte[] line) {
        if (line.length > 0 && line[line.length - 1] == '\r') {
            return java.util.Arrays.copyOf(line, line.length - 1);
        }
        return line;
    }
}
