package io.reflow.gateway.proxy.http;

import java.io.IOException;

/** A body without length or chunks: it ends when the server closes the connection. */
final class CloseDelimitedBody extends ResponseBody {

    private boolean ended;

    CloseDelimitedBody(ConnectionInput input, Runnable onEnd, Runnable onAbandon) {
        super(input, onEnd, onAbandon);
    }

    @Override
    protected int readFramed(byte[] target, int offset, int length) throws IOException {
        int n = input.read(target, offset, length);
        ended = n < 0;
        return n;
    }

    @Override
    protected boolean complete() {
        return ended;
    }
}
