package io.reflow.gateway.proxy;

import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The gateway's one upstream HTTP client, built on first use or by {@link #prepareInBackground}:
 * building it loads TLS and media support, which the server's start need not wait for. Blocking
 * HTTP/1.1 with pooled keep-alive connections, TCP_NODELAY, no proxy and no redirects.
 */
public final class UpstreamClient implements Supplier<WebClient> {

    private final Duration connectTimeout;
    private volatile WebClient client;

    /** A client whose connections time out after {@code connectTimeout}. */
    public UpstreamClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** Builds the client on a virtual thread now, so the first request does not wait for it. */
    public void prepareInBackground() {
        Thread.ofVirtual().name("upstream-client-init").start(this::get);
    }

    @Override
    public WebClient get() {
        WebClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built =
                            WebClient.builder()
                                    .connectTimeout(connectTimeout)
                                    .followRedirects(false)
                                    .proxy(Proxy.noProxy())
                                    .socketOptions(options -> options.tcpNoDelay(true))
                                    .build();
                    client = built;
                }
            }
        }
        return built;
    }
}
