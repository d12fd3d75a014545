package io.reflow.gateway.proxy;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.proxy.http.UpstreamRequest;
import io.reflow.gateway.proxy.http.UpstreamResponse;
import io.reflow.gateway.proxy.http.WriteTimeoutException;
import io.reflow.gateway.tracing.AnsweredError;
import io.reflow.gateway.tracing.TraceContext;
import io.reflow.gateway.tracing.Tracing;
import io.reflow.gateway.tracing.UpstreamSpan;
import io.reflow.mcp.api.TransportType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private final UpstreamClient client;
    private final Duration defaultTimeout;
    private final SessionTokens sessions;
    private final ProxyMetrics metrics;
    private final OpenStreams streams;
    private final Tracing tracing;

    /**
     * Sends every upstream request with {@code client}; SSE streams get a comment after {@code
     * keepAlive} without writes, and bodies silent for {@code idleTimeout} are ended. Each request
     * is a span of {@code tracing} and carries its trace context.
     */
    public UpstreamCall(
            UpstreamClient client,
            Duration defaultTimeout,
            SessionTokens sessions,
            Duration timeout,
            Duration keepAlive,
            Duration idleTimeout,
            Tracing tracing) {
        this.client = client;
        this.tracing = tracing;
        this.defaultTimeout = defaultTimeout;
        this.sessions = sessions;
        this.streams = new OpenStreams(keepAlive, idleTimeout);
        this.metrics = new ProxyMetrics(timeout, streams::size);
    }

    void forward(ServerRequest req, ServerResponse res, McpProxy.Exchange ex, Upstream upstream) {
        long start = System.nanoTime();
        upstream.activity().run();
        try (UpstreamSpan span =
                UpstreamSpan.start(
                        tracing,
                        ex.httpMethod(),
                        ex.httpMethod().equals("POST") ? metricMethod(ex) : null,
                        ex.target().name(),
                        upstream.mcpEndpoint())) {
            UpstreamResponse response;
            try {
                response = send(req, ex, upstream);
            } catch (UpstreamUnavailableException e) {
                span.failed(e.getCause() == null ? e : e.getCause());
                throw e;
            }
            span.status(response.status());
            // Closing frees the upstream connection even if copying the headers fails.
            try (response) {
                copyHeaders(req, res, ex, response);
                stream(response, res, upstream, ex);
            }
            metrics.request(ex.target().name(), metricMethod(ex), response.status(), start);
        }
    }

    /**
     * Hands the exchange to a transport inside the gateway (stdio, sse) as a CLIENT span, like
     * {@link #forward}: the request carries that span's {@code traceparent} in {@code
     * params._meta}, and the exchange is counted by target, method and status, timed until the
     * answer ended.
     */
    void serveLocally(
            ServerRequest req, ServerResponse res, McpProxy.Exchange ex, LocalTransport local) {
        long start = System.nanoTime();
        boolean sse = ex.target().transportType() == TransportType.SSE;
        try (UpstreamSpan span =
                UpstreamSpan.startLocal(
                        tracing,
                        ex.httpMethod(),
                        ex.httpMethod().equals("POST") ? metricMethod(ex) : null,
                        ex.target().name(),
                        sse ? ex.target().url() : null)) {
            try {
                local.serve(req, res, withTraceMeta(ex));
            } catch (UpstreamUnavailableException e) {
                span.failed(e.getCause() == null ? e : e.getCause());
                throw e;
            }
            span.status(res.status().code());
        }
        metrics.request(ex.target().name(), metricMethod(ex), res.status().code(), start);
    }

    /**
     * {@code ex} with the current span's {@code traceparent} in {@code params._meta}, for a server
     * the gateway speaks to itself (a stdio process has no HTTP request to carry the header); as it
     * is with tracing off.
     */
    private static McpProxy.Exchange withTraceMeta(McpProxy.Exchange ex) {
        String traceparent = TraceContext.headers().get("traceparent");
        if (traceparent == null || !ex.httpMethod().equals("POST")) {
            return ex;
        }
        McpProxy.Message message = ex.message();
        return ex.with(
                new McpProxy.Message(
                        TraceContext.withMeta(message.body(), traceparent),
                        message.id(),
                        message.method(),
                        message.initialize()));
    }

    /** The upstream's response head; failures become 502, 503 or 504. */
    private UpstreamResponse send(ServerRequest req, McpProxy.Exchange ex, Upstream upstream) {
        try {
            return client.send(
                    request(req, ex, upstream),
                    upstream.timeout() == null ? defaultTimeout : upstream.timeout());
        } catch (WriteTimeoutException e) {
            metrics.upstreamError(ex.target().name(), "timeout");
            throw new UpstreamUnavailableException(
                    504,
                    "upstream of target '"
                            + ex.target().name()
                            + "' did not accept the request in time (server.write_timeout)",
                    null,
                    e);
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
            // The current span is the upstream call's: none when tracing is off.
            Map<String, String> trace = TraceContext.headers();
            if (ex.httpMethod().equals("POST")) {
                builder.body(TraceContext.withMeta(ex.message().body(), trace.get("traceparent")))
                        .header("Content-Type", "application/json");
            }
            trace.forEach(builder::header);
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
        // A filtered list answer has another length than the upstream's.
        if (response.headers().first("transfer-encoding").isEmpty() && !ex.listFilter().active()) {
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
        boolean sse =
                response.headers()
                        .first("content-type")
                        .map(t -> t.regionMatches(true, 0, "text/event-stream", 0, 17))
                        .orElse(false);
        Runnable activity = ex.httpMethod().equals("GET") ? upstream.activity() : () -> {};
        // A POST's answer is watched for a JSON-RPC error while it streams (not with tracing off).
        InputStream body =
                ex.httpMethod().equals("POST")
                        ? AnsweredError.watch(response.body(), sse)
                        : response.body();
        try (InputStream in = ex.listFilter().wrap(body, sse)) {
            byte[] buffer = new byte[16 * 1024];
            int n = 0;
            if (!sse) {
                // A JSON answer arrives whole; an empty one is sent without a body stream.
                n = in.read(buffer);
                if (n < 0) {
                    res.send();
                    return;
                }
            }
            // An SSE head must reach the client before the first event, which may be long in
            // coming: only that body can send its head on its own.
            OutputStream out = sse ? EagerHeadBody.open(res) : res.outputStream();
            OpenStreams.Relay relay = streams.open(out, sse, response::abort, activity);
            try {
                relay(relay, in, buffer, n, sse, out, ex);
            } catch (IOException e) {
                readFailed(relay.ending(), e, out, ex);
            } finally {
                relay.close();
            }
        } catch (IOException e) {
            readFailed(OpenStreams.Relay.Ending.NONE, e, null, ex);
        }
    }

    private static void relay(
            OpenStreams.Relay relay,
            InputStream in,
            byte[] buffer,
            int firstLength,
            boolean sse,
            OutputStream out,
            McpProxy.Exchange ex)
            throws IOException {
        // An SSE stream's head goes out at once: the first event may be long in coming.
        boolean clientThere = sse ? relay.flushHead() : relay.forward(buffer, firstLength);
        int n;
        while (clientThere && (n = in.read(buffer)) >= 0) {
            clientThere = relay.forward(buffer, n);
        }
        if (clientThere) {
            closeQuietly(out);
        } else {
            LOG.fine(() -> "client left; cancelling upstream of " + ex.target().name());
        }
    }

    /** A read from the upstream failed: the stream was ended on purpose, or it broke. */
    private void readFailed(
            OpenStreams.Relay.Ending ending,
            IOException e,
            OutputStream out,
            McpProxy.Exchange ex) {
        if (ending == OpenStreams.Relay.Ending.UPSTREAM_IDLE) {
            LOG.fine(() -> "upstream of " + ex.target().name() + " idle; ending its stream");
            // The client sees the stream end and may reconnect.
            closeQuietly(out);
        } else if (ending == OpenStreams.Relay.Ending.CLIENT_GONE) {
            LOG.fine(() -> "client left; closed the upstream of " + ex.target().name());
        } else {
            metrics.upstreamError(ex.target().name(), "stream");
            LOG.log(Level.FINE, "upstream stream of " + ex.target().name() + " broke", e);
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            LOG.log(Level.FINE, "client left before the end of the response", e);
        }
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
