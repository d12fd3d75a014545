package io.reflow.gateway.proxy.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;

/**
 * Reads the head of a response: skips interim (1xx) responses and returns the final one. All heads
 * of one response together may have at most {@link #MAX_HEAD_BYTES}.
 */
final class ResponseHeadReader {

    /** The most bytes of status lines and header fields one response may have. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private static final String TOO_LARGE =
            "upstream response head is larger than " + MAX_HEAD_BYTES + " bytes";

    private ResponseHeadReader() {}

    /**
     * The final response head. Throws {@link EOFException} if the connection ends before the first
     * byte, {@link ProtocolException} for a malformed or too large head.
     */
    static ResponseHead read(ConnectionInput input) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String statusLine = line(input, budget);
            if (statusLine == null) {
                throw new EOFException("upstream closed the connection before responding");
            }
            ResponseHead head =
                    new ResponseHead(
                            minorVersion(statusLine), status(statusLine), fields(input, budget));
            if (head.status() == 101) {
                throw new ProtocolException("upstream switched protocols (101) unasked");
            }
            if (!head.interim()) {
                return head;
            }
        }
    }

    private static ResponseHeaders fields(ConnectionInput input, int[] budget) throws IOException {
        ResponseHeaders headers = new ResponseHeaders();
        while (true) {
            String line = line(input, budget);
            if (line == null) {
                throw new EOFException("upstream closed the connection in the response head");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (!headers.continueLast(line.strip())) {
                    throw malformed("header field", line);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(colon - 1))) {
                throw malformed("header field", line);
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
    }

    private static String line(ConnectionInput input, int[] budget) throws IOException {
        String line = input.readLine(budget[0], TOO_LARGE);
        if (line != null) {
            // Counts a CRLF line end; a bare LF is one byte less, which is immaterial for a limit.
            budget[0] -= line.length() + 2;
        }
        return line;
    }

    /** {@code HTTP/1.x SP 3DIGIT [SP reason]}. */
    private static int minorVersion(String line) throws ProtocolException {
        if (line.length() < 12
                || !line.startsWith("HTTP/1.")
                || (line.charAt(7) != '0' && line.charAt(7) != '1')
                || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw malformed("status line", line);
        }
        return line.charAt(7) - '0';
    }

    private static int status(String line) throws ProtocolException {
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("status line", line);
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw malformed("status line", line);
        }
        return status;
    }

    private static ProtocolException malformed(String what, String line) {
        String shown = line.length() > 100 ? line.substring(0, 100) + "..." : line;
        return new ProtocolException("upstream sent a malformed " + what + ": '" + shown + "'");
    }
}
