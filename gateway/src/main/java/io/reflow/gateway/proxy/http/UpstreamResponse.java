package io.reflow.gateway.proxy.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A final response whose body is still on the connection. Read the body to its end to return the
 * connection to the pool; closing it earlier closes the connection.
 *
 * @param status the status code
 * @param headers the header fields
 * @param body the body bytes as they arrive (chunked bodies decoded)
 * @param connectionCloser closes the connection at once, from any thread: a read waiting on the
 *     body fails
 */
public record UpstreamResponse(
        int status, ResponseHeaders headers, InputStream body, Runnable connectionCloser)
        implements AutoCloseable {

    /** Closes the connection now, whatever the state of the body; safe from any thread. */
    public void abort() {
        connectionCloser.run();
    }

    /**
     * Closes the body: returns the connection to the pool if the body was read to its end, else
     * closes the connection. Does nothing if the body was closed before.
     */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // The client's bodies close without I/O that could fail; kept for any InputStream.
            throw new UncheckedIOException(e);
        }
    }
}
