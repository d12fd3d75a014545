package io.reflow.gateway.proxy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The gateway's one upstream HTTP client (HTTP/1.1, pooled keep-alive connections), built by {@link
 * #prepareInBackground} once the server listens, or on first use: building it initialises TLS,
 * which the server's start need not wait for.
 */
public final class UpstreamClient implements Supplier<HttpClient>, AutoCloseable {

    private final Duration connectTimeout;
    private volatile HttpClient client;

    /** A client whose connections time out after {@code connectTimeout}. */
    public UpstreamClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** Builds the client on a virtual thread now, so the first request does not wait for it. */
    public void prepareInBackground() {
        Thread.ofVirtual().name("upstream-client-init").start(this::get);
    }

    @Override
    public HttpClient get() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built =
                            HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .connectTimeout(connectTimeout)
                                    // Response callbacks run on the selector thread (they only
                                    // queue the bytes for the waiting request thread) instead of
                                    // a new thread per step.
                                    .executor(Runnable::run)
                                    .build();
                    client = built;
                }
            }
        }
        return built;
    }

    /** Closes the client if it was built. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
