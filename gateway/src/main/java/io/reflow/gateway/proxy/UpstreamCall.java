package io.reflow.gateway.proxy;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one exchange upstream and streams the answer back byte for byte as it arrives: JSON bodies
 * and SSE streams alike, flushed after every read. Rewrites only {@code Mcp-Session-Id} (the
 * upstream's id is sealed into the gateway's). A client that goes away cancels the upstream
 * request.
 */
public final class UpstreamCall {

    private static final Logger LOG = Logger.getLogger(UpstreamCall.class.getName());
    private static final List<HeaderName> RESPONSE_HEADERS =
            List.of(
                    HeaderNames.CONTENT_TYPE,
                    HeaderNames.CACHE_CONTROL,
                    HeaderNames.RETRY_AFTER,
                    McpProxy.PROTOCOL_VERSION);
    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of(
                    "initialize",
                    "ping",
                    "tools/list",
                    "tools/call",
                    "resources/list",
                    "resources/read",
                    "resources/templates/list",
                    "resources/subscribe",
                    "resources/unsubscribe",
                    "prompts/list",
                    "prompts/get",
                    "completion/complete",
                    "logging/setLevel",
                    "batch",
                    "response");
    private static final Duration ACTIVITY_INTERVAL = Duration.ofSeconds(10);
    private static final Duration STREAM_IDLE = Duration.ofDays(1);

    private static final HeaderName CONTENT_TYPE = HeaderNames.CONTENT_TYPE;

    private final Supplier<WebClient> client;
    private final Duration defaultTimeout;
    private final SessionTokens sessions;
    private final ProxyMetrics metrics;

    /**
     * Uses the client {@code client} supplies for every upstream request, on the request's own
     * thread; {@code defaultTimeout} bounds the wait for the response headers of targets without a
     * {@code TIMEOUT}.
     */
    public UpstreamCall(
            Supplier<WebClient> client,
            Duration defaultTimeout,
            SessionTokens sessions,
            Duration sessionTimeout) {
        this.client = client;
        this.defaultTimeout = defaultTimeout;
        this.sessions = sessions;
        this.metrics = new ProxyMetrics(sessionTimeout);
    }

    void forward(ServerRequest req, ServerResponse res, McpProxy.Exchange ex, Upstream upstream) {
        long start = System.nanoTime();
        upstream.activity().run();
        HttpClientResponse response = send(req, ex, upstream);
        try (response) {
            copyHeaders(req, res, ex, response);
            stream(response, res, upstream, ex);
        }
        metrics.request(ex.target().name(), metricMethod(ex), response.status().code(), start);
    }

    /** Sends the request and waits, at most the target's timeout, for the response headers. */
    private HttpClientResponse send(ServerRequest req, McpProxy.Exchange ex, Upstream upstream) {
        HttpClientRequest request = request(req, ex, upstream);
        Duration timeout = upstream.timeout() == null ? defaultTimeout : upstream.timeout();
        HeaderDeadline deadline = HeaderDeadline.start(timeout);
        try {
            HttpClientResponse response =
                    ex.httpMethod().equals("POST")
                            ? request.submit(ex.message().body())
                            : request.request();
            if (!deadline.met()) {
                response.close();
                throw timedOut(ex, null);
            }
            return response;
        } catch (RuntimeException e) {
            if (e instanceof UpstreamUnavailableException u) {
                throw u;
            }
            if (!deadline.met()) {
                throw timedOut(ex, e);
            }
            throw failed(ex, e);
        }
    }

    private UpstreamUnavailableException timedOut(McpProxy.Exchange ex, RuntimeException cause) {
        metrics.upstreamError(ex.target().name(), "timeout");
        return new UpstreamUnavailableException(
                504,
                "upstream of target '" + ex.target().name() + "' did not answer in time",
                null,
                cause);
    }

    private UpstreamUnavailableException failed(McpProxy.Exchange ex, RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            return new UpstreamUnavailableException(503, "the gateway is shutting down", null, e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                metrics.upstreamError(ex.target().name(), "connect");
                return new UpstreamUnavailableException(
                        502,
                        "upstream of target '" + ex.target().name() + "' is unreachable",
                        null,
                        e);
            }
        }
        metrics.upstreamError(ex.target().name(), "io");
        Throwable root =
                e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return new UpstreamUnavailableException(
                502,
                "upstream of target '" + ex.target().name() + "' failed: " + root.getMessage(),
                null,
                e);
    }

    void unavailable(ServerResponse res, McpProxy.Exchange ex, UpstreamUnavailableException e) {
        if (res.isSent()) {
            return;
        }
        if (e.retryAfter() != null) {
            res.header(
                    HeaderNames.RETRY_AFTER,
                    Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        metrics.request(ex.target().name(), metricMethod(ex), e.httpStatus(), System.nanoTime());
        JsonRpcErrors.send(
                res, e.httpStatus(), ex.message().id(), JsonRpcErrors.SERVER_ERROR, e.getMessage());
    }

    private HttpClientRequest request(ServerRequest req, McpProxy.Exchange ex, Upstream upstream) {
        HttpClientRequest request =
                client.get()
                        .method(Method.create(ex.httpMethod()))
                        .uri(upstream.mcpEndpoint())
                        .followRedirects(false)
                        // The header wait is bounded by HeaderDeadline; an open stream may idle.
                        .readTimeout(STREAM_IDLE);
        if (ex.httpMethod().equals("POST")) {
            request.header(CONTENT_TYPE, "application/json");
        }
        request.header(
                HeaderNames.ACCEPT,
                req.headers()
                        .first(HeaderNames.ACCEPT)
                        .orElse("application/json, text/event-stream"));
        ex.protocolVersion().ifPresent(v -> request.header(McpProxy.PROTOCOL_VERSION, v));
        req.headers()
                .first(McpProxy.LAST_EVENT_ID)
                .ifPresent(v -> request.header(McpProxy.LAST_EVENT_ID, v));
        ex.session()
                .filter(s -> !s.upstreamSession().isEmpty())
                .ifPresent(s -> request.header(McpProxy.SESSION_ID, s.upstreamSession()));
        upstream.headers()
                .forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return request;
    }

    private void copyHeaders(
            ServerRequest req,
            ServerResponse res,
            McpProxy.Exchange ex,
            HttpClientResponse response) {
        res.status(response.status().code());
        for (HeaderName name : RESPONSE_HEADERS) {
            response.headers().first(name).ifPresent(v -> res.header(name, v));
        }
        response.headers()
                .first(HeaderNames.CONTENT_LENGTH)
                .ifPresent(v -> res.header(HeaderNames.CONTENT_LENGTH, v));
        Optional<String> upstreamSession = response.headers().first(McpProxy.SESSION_ID);
        if (upstreamSession.isPresent()) {
            String token =
                    ex.session().isPresent()
                                    && ex.session()
                                            .get()
                                            .upstreamSession()
                                            .equals(upstreamSession.get())
                            ? req.headers().first(McpProxy.SESSION_ID).orElseThrow()
                            : sessions.issue(
                                    ex.target().name(),
                                    ex.identity().subject(),
                                    upstreamSession.get());
            res.header(McpProxy.SESSION_ID, token);
            metrics.sessionUsed(token);
        } else {
            req.headers()
                    .first(McpProxy.SESSION_ID)
                    .ifPresent(
                            token -> {
                                if (ex.httpMethod().equals("DELETE")
                                        && response.status().code() < 300) {
                                    metrics.sessionEnded(token);
                                } else {
                                    metrics.sessionUsed(token);
                                }
                            });
        }
    }

    private void stream(
            HttpClientResponse response,
            ServerResponse res,
            Upstream upstream,
            McpProxy.Exchange ex) {
        Thread ticker = ex.httpMethod().equals("GET") ? activityTicker(upstream) : null;
        try (InputStream in = response.inputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n = in.read(buffer);
            if (n < 0) {
                res.send();
                return;
            }
            OutputStream out = res.outputStream();
            while (n >= 0) {
                if (!write(out, buffer, n)) {
                    LOG.fine(() -> "client left; cancelling upstream of " + ex.target().name());
                    return;
                }
                n = in.read(buffer);
            }
            closeQuietly(out);
        } catch (IOException | UncheckedIOException e) {
            metrics.upstreamError(ex.target().name(), "stream");
            LOG.log(Level.FINE, "upstream stream of " + ex.target().name() + " broke", e);
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
        }
    }

    private static boolean write(OutputStream out, byte[] buffer, int length) {
        try {
            out.write(buffer, 0, length);
            out.flush();
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client left before the end of the response", e);
        }
    }

    private static Thread activityTicker(Upstream upstream) {
        return Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    Thread.sleep(ACTIVITY_INTERVAL);
                                    upstream.activity().run();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
    }

    private static String metricMethod(McpProxy.Exchange ex) {
        if (!ex.httpMethod().equals("POST")) {
            return ex.httpMethod();
        }
        String method = ex.message().method();
        // Bounded label values: method names are client input.
        return KNOWN_METHODS.contains(method) || method.startsWith("notifications/")
                ? (method.startsWith("notifications/") ? "notification" : method)
                : "other";
    }
}
