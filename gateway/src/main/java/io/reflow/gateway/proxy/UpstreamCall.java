package io.reflow.gateway.proxy;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.proxy.http.UpstreamRequest;
import io.reflow.gateway.proxy.http.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
                    "tasks/list",
                    "tasks/get",
                    "tasks/result",
                    "tasks/cancel",
                    "batch",
                    "response");
    private static final Duration ACTIVITY_INTERVAL = Duration.ofSeconds(10);

    private final UpstreamClient client;
    private final Duration defaultTimeout;
    private final SessionTokens sessions;
    private final ProxyMetrics metrics;

    /** Sends every upstream request with {@code client}. */
    public UpstreamCall(
            UpstreamClient client,
            Duration defaultTimeout,
            SessionTokens sessions,
            Duration timeout) {
        this.client = client;
        this.defaultTimeout = defaultTimeout;
        this.sessions = sessions;
        this.metrics = new ProxyMetrics(timeout);
    }

    void forward(ServerRequest req, ServerResponse res, McpProxy.Exchange ex, Upstream upstream) {
        long start = System.nanoTime();
        upstream.activity().run();
        UpstreamResponse response = send(req, ex, upstream);
        // Closing frees the upstream connection even if copying the headers fails.
        try (response) {
            copyHeaders(req, res, ex, response);
            stream(response, res, upstream, ex);
        }
        metrics.request(ex.target().name(), metricMethod(ex), response.status(), start);
    }

    /** The upstream's response head; failures become 502, 503 or 504. */
    private UpstreamResponse send(ServerRequest req, McpProxy.Exchange ex, Upstream upstream) {
        try {
            return client.send(
                    request(req, ex, upstream),
                    upstream.timeout() == null ? defaultTimeout : upstream.timeout());
        } catch (SocketTimeoutException e) {
            metrics.upstreamError(ex.target().name(), "timeout");
            throw new UpstreamUnavailableException(
                    504,
                    "upstream of target '" + ex.target().name() + "' did not answer in time",
                    null,
                    e);
        } catch (ConnectException e) {
            metrics.upstreamError(ex.target().name(), "connect");
            throw new UpstreamUnavailableException(
                    502, "upstream of target '" + ex.target().name() + "' is unreachable", null, e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new UpstreamUnavailableException(
                        503, "the gateway is shutting down", null, e);
            }
            metrics.upstreamError(ex.target().name(), "io");
            throw new UpstreamUnavailableException(
                    502,
                    "upstream of target '" + ex.target().name() + "' failed: " + e.getMessage(),
                    null,
                    e);
        }
    }

    void unavailable(ServerResponse res, McpProxy.Exchange ex, UpstreamUnavailableException e) {
        // The message names the target and the failure, never a URL (it may carry credentials).
        LOG.log(
                e.httpStatus() >= 500 ? Level.WARNING : Level.FINE,
                "{0} by {1}: HTTP {2}, {3}",
                new Object[] {
                    ex.httpMethod().equals("POST") ? metricMethod(ex) : ex.httpMethod(),
                    ex.identity().subject(),
                    e.httpStatus(),
                    e.getMessage()
                });
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

    /** The upstream request; a header the target's env configs make invalid is a 502. */
    private static UpstreamRequest request(
            ServerRequest req, McpProxy.Exchange ex, Upstream upstream) {
        try {
            UpstreamRequest.Builder builder =
                    UpstreamRequest.builder(ex.httpMethod(), upstream.mcpEndpoint());
            if (ex.httpMethod().equals("POST")) {
                builder.body(ex.message().body()).header("Content-Type", "application/json");
            }
            builder.header(
                    "Accept",
                    req.headers()
                            .first(HeaderNames.ACCEPT)
                            .orElse("application/json, text/event-stream"));
            ex.protocolVersion().ifPresent(v -> builder.header("MCP-Protocol-Version", v));
            req.headers()
                    .first(McpProxy.LAST_EVENT_ID)
                    .ifPresent(v -> builder.header("Last-Event-ID", v));
            ex.session()
                    .filter(s -> !s.upstreamSession().isEmpty())
                    .ifPresent(s -> builder.header("Mcp-Session-Id", s.upstreamSession()));
            upstream.headers().forEach(builder::header);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UpstreamUnavailableException(
                    502,
                    "request to the upstream of target '"
                            + ex.target().name()
                            + "' is invalid: "
                            + e.getMessage(),
                    null,
                    e);
        }
    }

    private void copyHeaders(
            ServerRequest req,
            ServerResponse res,
            McpProxy.Exchange ex,
            UpstreamResponse response) {
        res.status(response.status());
        for (HeaderName name : RESPONSE_HEADERS) {
            response.headers()
                    .first(name.defaultCase())
                    .ifPresent(v -> res.header(name, HeaderValues.safe(v)));
        }
        if (response.headers().first("transfer-encoding").isEmpty()) {
            response.headers()
                    .first("content-length")
                    .ifPresent(v -> res.header(HeaderNames.CONTENT_LENGTH, HeaderValues.safe(v)));
        }
        Optional<String> upstreamSession = response.headers().first("mcp-session-id");
        if (upstreamSession.isPresent()) {
            String token =
                    ex.session().isPresent()
                                    && ex.session()
                                            .get()
                                            .upstreamSession()
                                            .equals(upstreamSession.get())
                            ? req.headers().first(McpProxy.SESSION_ID).orElseThrow()
                            : sessions.issue(
                                    ex.target().name(), ex.identity().key(), upstreamSession.get());
            res.header(McpProxy.SESSION_ID, HeaderValues.safe(token));
            metrics.sessionUsed(token);
        } else {
            req.headers()
                    .first(McpProxy.SESSION_ID)
                    .ifPresent(
                            token -> {
                                if (ex.httpMethod().equals("DELETE") && response.status() < 300) {
                                    metrics.sessionEnded(token);
                                } else {
                                    metrics.sessionUsed(token);
                                }
                            });
        }
    }

    private void stream(
            UpstreamResponse response,
            ServerResponse res,
            Upstream upstream,
            McpProxy.Exchange ex) {
        Thread ticker = ex.httpMethod().equals("GET") ? activityTicker(upstream) : null;
        try (InputStream in = response.body()) {
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
        } catch (IOException e) {
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
