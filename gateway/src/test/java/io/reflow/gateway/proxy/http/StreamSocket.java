package io.reflow.gateway.proxy.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A socket whose input is given bytes, delivered at most {@code perRead} bytes per read as a
 * network may split them; for driving {@link ConnectionInput} without a connection.
 */
final class StreamSocket extends Socket {

    private final InputStream in;

    StreamSocket(byte[] bytes, int perRead) {
        ByteArrayInputStream all = new ByteArrayInputStream(bytes);
        this.in =
                new InputStream() {
                    @Override
                    public int read() {
                        return all.read();
                    }

                    @Override
                    public int read(byte[] target, int offset, int length) {
                        return all.read(target, offset, Math.min(length, perRead));
                    }
                };
    }

    /** A connection input over {@code bytes} with a read buffer of {@code bufferSize}. */
    static ConnectionInput input(byte[] bytes, int perRead, int bufferSize) {
        try {
            return new ConnectionInput(new StreamSocket(bytes, perRead), bufferSize);
        } catch (IOException e) {
            throw new AssertionError("an in-memory socket cannot fail", e);
        }
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public void setSoTimeout(int timeout) {
        // Reads from memory never block.
    }
}
