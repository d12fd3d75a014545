package io.reflow.gateway.proxy.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;

/**
 * A {@code Transfer-Encoding: chunked} body, decoded. Chunk extensions and trailer fields are read
 * and dropped.
 */
final class ChunkedBody extends ResponseBody {

    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 64 * 1024;

    private long chunkRemaining;
    private boolean chunkDataRead;
    private boolean ended;

    ChunkedBody(ConnectionInput input, Runnable onEnd, Runnable onAbandon) {
        super(input, onEnd, onAbandon);
    }

    @Override
    protected int readFramed(byte[] target, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (chunkRemaining == 0) {
            if (chunkDataRead) {
                expectEmptyLine();
                chunkDataRead = false;
            }
            long size = chunkSize();
            if (size == 0) {
                skipTrailers();
                ended = true;
                return -1;
            }
            chunkRemaining = size;
        }
        int n = input.read(target, offset, (int) Math.min(length, chunkRemaining));
        if (n < 0) {
            throw new EOFException("upstream closed the connection in the middle of a chunk");
        }
        chunkRemaining -= n;
        chunkDataRead = chunkRemaining == 0;
        return n;
    }

    @Override
    protected boolean complete() {
        return ended;
    }

    /** {@code chunk-size [; extensions] CRLF}. */
    private long chunkSize() throws IOException {
        String line = line(MAX_LINE, "chunk size line is longer than " + MAX_LINE + " bytes");
        int semicolon = line.indexOf(';');
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
        long size = Digits.hex(hex);
        if (size < 0) {
            throw new ProtocolException("upstream sent a malformed chunk size: '" + hex + "'");
        }
        return size;
    }

    private void expectEmptyLine() throws IOException {
        if (!line(MAX_LINE, "chunk data is longer than its size").isEmpty()) {
            throw new ProtocolException("upstream sent chunk data longer than its size");
        }
    }

    private void skipTrailers() throws IOException {
        int budget = MAX_TRAILERS;
        String tooLong = "upstream trailer fields are larger than " + MAX_TRAILERS + " bytes";
        String line;
        while (!(line = line(budget, tooLong)).isEmpty()) {
            budget -= line.length() + 2;
        }
    }

    private String line(int maxLength, String tooLong) throws IOException {
        String line = input.readLine(maxLength, tooLong);
        if (line == null) {
            throw new EOFException("upstream closed the connection in a chunked body");
        }
        return line;
    }
}
