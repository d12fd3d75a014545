package io.reflow.gateway.proxy.http;

import java.io.EOFException;
import java.io.IOException;

/** A body of a known length ({@code Content-Length}, or 0 for responses without body). */
final class LengthBody extends ResponseBody {

    private long remaining;

    LengthBody(long length, ConnectionInput input, Runnable onEnd, Runnable onAbandon) {
        super(input, onEnd, onAbandon);
        this.remaining = length;
    }

    @Override
    protected int readFramed(byte[] target, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = input.read(target, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new EOFException(
                    "upstream closed the connection "
                            + remaining
                            + " bytes before the end of the body (Content-Length)");
        }
        remaining -= n;
        return n;
    }

    @Override
    protected boolean complete() {
        return remaining == 0;
    }
}
