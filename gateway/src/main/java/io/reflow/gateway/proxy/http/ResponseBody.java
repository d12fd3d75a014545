package io.reflow.gateway.proxy.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A response body read straight from the connection. When the body was read to its end, {@code
 * onEnd} runs (returning the connection to the pool, or closing it); when the body is closed before
 * its end or a read fails, {@code onAbandon} closes the connection, which is how the upstream
 * learns that the client went away.
 */
abstract class ResponseBody extends InputStream {

    private enum State {
        OPEN,
        ENDED,
        ABANDONED
    }

    /** The connection's input; never read after the body ended. */
    protected final ConnectionInput input;

    private final Runnable onEnd;
    private final Runnable onAbandon;
    private State state = State.OPEN;

    ResponseBody(ConnectionInput input, Runnable onEnd, Runnable onAbandon) {
        this.input = input;
        this.onEnd = onEnd;
        this.onAbandon = onAbandon;
    }

    /**
     * The body framed as {@code framing} says; an empty body ends (frees its connection) at once.
     */
    static InputStream open(
            BodyFraming framing, ConnectionInput input, Runnable onEnd, Runnable onAbandon) {
        ResponseBody body =
                switch (framing.kind()) {
                    case EMPTY -> new LengthBody(0, input, onEnd, onAbandon);
                    case LENGTH -> new LengthBody(framing.length(), input, onEnd, onAbandon);
                    case CHUNKED -> new ChunkedBody(input, onEnd, onAbandon);
                    case UNTIL_CLOSE -> new CloseDelimitedBody(input, onEnd, onAbandon);
                };
        if (body.complete()) {
            body.end();
        }
        return body;
    }

    /** Reads body bytes from {@link #input}, or returns -1 when the body has ended. */
    protected abstract int readFramed(byte[] target, int offset, int length) throws IOException;

    /** Whether every byte of the body (and its framing) has been read. */
    protected abstract boolean complete();

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (state == State.ENDED) {
            return -1;
        }
        if (state == State.ABANDONED) {
            throw new IOException("response body is closed");
        }
        if (length == 0) {
            return 0;
        }
        int n;
        try {
            n = readFramed(target, offset, length);
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
        if (n < 0 || complete()) {
            end();
        }
        return n;
    }

    @Override
    public void close() {
        if (state == State.OPEN) {
            if (complete()) {
                end();
            } else {
                abandon();
            }
        }
    }

    private void end() {
        state = State.ENDED;
        onEnd.run();
    }

    private void abandon() {
        state = State.ABANDONED;
        onAbandon.run();
    }
}
