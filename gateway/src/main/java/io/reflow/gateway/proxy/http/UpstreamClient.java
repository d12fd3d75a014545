package io.reflow.gateway.proxy.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The gateway's blocking HTTP/1.1 client for upstream calls. The calling (virtual) thread writes
 * the request and reads the response itself, on a pooled keep-alive connection or a new one. A
 * request is sent once more on a new connection only when writing it to a reused connection failed:
 * the server had closed the idle connection and cannot have seen the whole request. Once every byte
 * was written, a failure is the caller's: the server may be running the request (a {@code
 * tools/call} must not run twice).
 */
public final class UpstreamClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class.getName());

    /** Below the 5 s keep-alive timeout of Node.js servers. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(4);

    private static final int MAX_IDLE_PER_ORIGIN = 64;

    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final WriteWatchdog watchdog = new WriteWatchdog();
    private final UpstreamConnectionPool pool;
    private final Callable<SSLContext> tlsContext;
    private volatile SSLSocketFactory tls;

    /**
     * A client whose connections time out after {@code connectTimeout} and whose request writes
     * time out after {@code writeTimeout}; TLS trusts the JDK's CAs.
     */
    public UpstreamClient(Duration connectTimeout, Duration writeTimeout) {
        this(
                connectTimeout,
                writeTimeout,
                new UpstreamConnectionPool(MAX_IDLE_PER_ORIGIN, MAX_IDLE),
                SSLContext::getDefault);
    }

    /** A client with its own pool and TLS context, for tests. */
    UpstreamClient(
            Duration connectTimeout,
            Duration writeTimeout,
            UpstreamConnectionPool pool,
            Callable<SSLContext> tlsContext) {
        this.connectTimeout = connectTimeout;
        this.writeTimeout = writeTimeout;
        this.pool = pool;
        this.tlsContext = tlsContext;
    }

    /**
     * Sends {@code request} and returns once the response head arrived, within {@code headTimeout}
     * after the request was written; reading the body has no time limit. Throws {@link
     * SocketTimeoutException} when the connect, write or head timeout passed, {@link
     * ConnectException} when the upstream cannot be reached, another {@link IOException} for any
     * other failure.
     */
    public UpstreamResponse send(UpstreamRequest request, Duration headTimeout) throws IOException {
        Origin origin = Origin.of(request.uri());
        byte[] bytes = RequestEncoder.encode(request, origin);
        boolean headRequest = request.method().equals("HEAD");
        UpstreamConnection pooled = pool.acquire(origin);
        if (pooled != null) {
            UpstreamResponse response = exchange(pooled, bytes, headRequest, headTimeout);
            if (response != null) {
                return response;
            }
            LOG.fine(() -> "reused connection to " + origin + " was closed; sending on a new one");
        }
        UpstreamConnection fresh =
                UpstreamConnection.open(origin, connectTimeout, origin.secure() ? tls() : null);
        return exchange(fresh, bytes, headRequest, headTimeout);
    }

    /**
     * Sends the request and reads the response head on {@code connection}. Returns null (the
     * connection closed) if writing the request to a reused connection failed.
     */
    private UpstreamResponse exchange(
            UpstreamConnection connection, byte[] request, boolean headRequest, Duration timeout)
            throws IOException {
        try {
            connection.send(request, writeTimeout, watchdog);
        } catch (IOException e) {
            connection.close();
            if (connection.reused()
                    && !(e instanceof SocketTimeoutException)
                    && !Thread.currentThread().isInterrupted()) {
                return null;
            }
            throw e;
        }
        ConnectionInput input = connection.input();
        try {
            input.deadline(timeout);
            ResponseHead head = ResponseHeadReader.read(input);
            input.noDeadline();
            BodyFraming framing = BodyFraming.of(head, headRequest);
            Runnable onEnd =
                    framing.reusable()
                            ? () -> pool.release(connection, head.keepAliveTimeout())
                            : connection::close;
            InputStream body = ResponseBody.open(framing, input, onEnd, connection::close);
            return new UpstreamResponse(head.status(), head.headers(), body, connection::close);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    // TLS is set up on the first https request: most upstreams (every Kubernetes instance) are
    // plain HTTP, and setting it up costs ~13 MiB and CPU the gateway's start-up need not pay.
    private SSLSocketFactory tls() throws IOException {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            try {
                factory = tlsContext.call().getSocketFactory();
            } catch (Exception e) {
                throw new IOException("cannot initialise TLS: " + e.getMessage(), e);
            }
            tls = factory;
        }
        return factory;
    }

    /** Closes the idle connections; responses still being read close theirs when done. */
    @Override
    public void close() {
        pool.close();
        watchdog.close();
    }
}
