package io.reflow.gateway.proxy;

import io.helidon.common.GenericType;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A response body whose {@code flush()} sends the response head even before the first body byte, so
 * a client sees a stream's status and headers while the upstream is still silent. Helidon 4.5's
 * response stream sends a chunked head only together with the first byte; its header flush is
 * offered only to {@link Sink}s, so this body is one (made by {@link EagerHeadBodyProvider}).
 */
public final class EagerHeadBody implements Sink<byte[]> {

    /** The type to ask {@link ServerResponse#sink(GenericType)} for. */
    public static final GenericType<EagerHeadBody> TYPE = GenericType.create(EagerHeadBody.class);

    private final OutputStream out;

    EagerHeadBody(OutputStream response, Runnable sendHead) {
        this.out = new HeadFlushing(response, sendHead);
    }

    /** Opens the body of {@code res}; the status and headers must be set before. */
    public static OutputStream open(ServerResponse res) {
        return res.sink(TYPE).out;
    }

    @Override
    public EagerHeadBody emit(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushing before the first byte sends the head; afterwards it flushes as usual. */
    private static final class HeadFlushing extends FilterOutputStream {

        private final Runnable sendHead;
        private boolean written;

        HeadFlushing(OutputStream response, Runnable sendHead) {
            super(response);
            this.sendHead = sendHead;
        }

        @Override
        public void write(int b) throws IOException {
            written = true;
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            written = true;
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (written) {
                out.flush();
            } else {
                sendHead.run();
            }
        }
    }
}
