package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.context.Scope;
import io.reflow.gateway.access.McpItem;
import io.reflow.gateway.audit.AuditNote;
import io.reflow.gateway.audit.McpAudit;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.ConcurrencyLimiter;
import io.reflow.gateway.proxy.HeaderValues;
import io.reflow.gateway.proxy.InternalCalls;
import io.reflow.gateway.proxy.JsonRpcErrors;
import io.reflow.gateway.proxy.McpGate;
import io.reflow.gateway.proxy.McpProxy;
import io.reflow.gateway.proxy.MessageReader;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.tracing.McpSpan;
import io.reflow.gateway.tracing.TraceContext;
import io.reflow.gateway.tracing.Tracing;
import io.reflow.mcp.api.TransportType;
import io.reflow.metrics.MetricRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code POST/GET/DELETE /mcp}: checks Host/Origin and authenticates as {@code /mcp/{target}} does
 * (the same {@link McpGate} as {@code /mcp/{target}}), opens the aggregate session, and hands the
 * message to the part that answers it. Each request takes one slot of {@code
 * server.max_concurrent_per_identity} here; its calls to {@code /mcp/{target}} take none there.
 */
public final class AggregateEndpoint {

    private static final Logger LOG = Logger.getLogger(AggregateEndpoint.class.getName());
    private static final HeaderName PROTOCOL_VERSION = HeaderNames.create("MCP-Protocol-Version");

    private final TargetCatalog catalog;
    private final McpGate gate;
    private final AggregateSessions sessions;
    private final MessageReader reader;
    private final ConcurrencyLimiter limiter;
    private final ConcurrencyLimiter answers;
    private final Initializer initializer;
    private final Dispatcher dispatcher;
    private final GetStreams streams;
    private final Calls calls;
    private final Tracing tracing;
    private final McpAudit audit;

    /** Wires the endpoint; {@code parts} holds what it shares with the rest of the gateway. */
    public AggregateEndpoint(Parts parts) {
        this.catalog = parts.catalog();
        this.tracing = parts.tracing();
        this.audit = parts.audit();
        this.gate = new McpGate(parts.guard(), parts.authenticator());
        this.sessions = parts.sessions();
        this.reader = parts.reader();
        this.limiter = new ConcurrencyLimiter(parts.maxConcurrentPerIdentity());
        this.answers = new ConcurrencyLimiter(parts.maxConcurrentPerIdentity());
        Duration read = parts.readTimeout();
        Duration startup = parts.kubernetesStartup();
        this.calls =
                new Calls(
                        new InnerClient(parts.http(), parts.self(), parts.internal()),
                        target ->
                                catalog.find(target)
                                        .filter(t -> t.transportType() == TransportType.KUBERNETES)
                                        .map(t -> read.plus(startup))
                                        .orElse(read));
        AggregateMetrics metrics = new AggregateMetrics(parts.metrics());
        ListIndex index = new ListIndex(parts.clock());
        this.initializer = new Initializer(calls, read, startup, metrics);
        this.dispatcher = new Dispatcher(calls, new ListPages(calls, index, metrics), index);
        this.streams = new GetStreams(calls);
        parts.metrics()
                .gauge(
                        "reflow_mcp_aggregate_requests_in_flight",
                        "/mcp requests holding a slot of server.max_concurrent_per_identity now",
                        () -> limiter.inFlight() + answers.inFlight());
    }

    /** Lists targets through {@code /mcp/{target}} with the calls and timeouts of this endpoint. */
    public TargetListing listing() {
        return new TargetListing(calls);
    }

    /** Registers {@code /mcp} exactly (not {@code /mcp/{target}}). */
    public void register(HttpRouting.Builder routing) {
        routing.post("/mcp", (req, res) -> traced(req, res, "POST"))
                .get("/mcp", (req, res) -> traced(req, res, "GET"))
                .delete("/mcp", (req, res) -> traced(req, res, "DELETE"))
                .any(
                        "/mcp",
                        (req, res) -> {
                            res.header(HeaderNames.ALLOW, "GET, POST, DELETE");
                            JsonRpcErrors.send(
                                    res,
                                    405,
                                    null,
                                    JsonRpcErrors.INVALID_REQUEST,
                                    "method " + req.prologue().method().text() + " not allowed");
                        });
    }

    /**
     * {@link #handle} as the current span (its calls to {@code /mcp/{target}} are children), with
     * one audit record.
     */
    @SuppressWarnings("try") // the scope is only opened and closed
    private void traced(ServerRequest req, ServerResponse res, String httpMethod) {
        McpSpan span = McpSpan.start(tracing, req, "/mcp");
        try (Scope current = span.makeCurrent()) {
            audit.aroundAggregate(req, res, () -> handle(req, res, httpMethod), span::finish);
        } finally {
            span.end();
        }
    }

    private void handle(ServerRequest req, ServerResponse res, String httpMethod) {
        // The web server serves the requests of one connection on one thread. An interrupt left
        // from an earlier request (a stream the client closed) would end this request's fan-out
        // at once and leave every target out, so a request starts with none.
        if (Thread.interrupted()) {
            LOG.fine("cleared an interrupt left from an earlier request on this connection");
        }
        Caller caller = authenticate(req, res);
        if (caller == null) {
            return;
        }
        String subject = caller.identity().key();
        ConcurrencyLimiter slots = limiter;
        if (!limiter.tryAcquire(subject)) {
            // As on /mcp/{target}: a client's answer to a server's request must get through.
            if (!httpMethod.equals("POST") || !answers.tryAcquire(subject)) {
                tooMany(res);
                return;
            }
            slots = answers;
        }
        try {
            if (httpMethod.equals("POST")) {
                post(req, res, caller, slots == answers);
                return;
            }
            Context ctx = open(req, res, caller);
            if (ctx == null) {
                return;
            }
            if (httpMethod.equals("GET")) {
                streams.serve(ctx, res);
            } else {
                end(ctx, res);
            }
        } finally {
            // A stream may have lasted long: idle time counts from its end.
            req.headers().first(McpProxy.SESSION_ID).ifPresent(sessions::touch);
            slots.release(subject);
        }
    }

    private void post(ServerRequest req, ServerResponse res, Caller caller, boolean answersOnly) {
        McpProxy.Message message = reader.read(req, res, caller.protocolVersion().orElse(null));
        if (message == null) {
            return;
        }
        if (answersOnly && !message.method().equals("response")) {
            tooMany(res);
            return;
        }
        JsonNode node;
        try {
            node = Json.read(message.body());
        } catch (IOException e) {
            JsonRpcErrors.send(res, 400, null, JsonRpcErrors.PARSE_ERROR, "parse error");
            return;
        }
        if (!node.isObject()) {
            JsonRpcErrors.send(
                    res,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "batches are not supported on /mcp");
            return;
        }
        McpSpan.parentFromMeta(node);
        McpSpan.describeCurrent(node);
        AuditNote.current()
                .message(
                        message.method(),
                        node.get("id"),
                        caller.protocolVersion().orElse(null),
                        McpItem.of(node));
        if (message.initialize()) {
            initialize(res, caller, (ObjectNode) node, message.body());
            return;
        }
        Context ctx = open(req, res, caller);
        if (ctx == null) {
            return;
        }
        if (message.method().equals("response")) {
            answer(ctx, node, res);
        } else if (!node.hasNonNull("id")) {
            if (message.method().equals("notifications/cancelled")) {
                dispatcher.cancel(ctx, (ObjectNode) node);
            } else {
                dispatcher.everyMember(ctx, (ObjectNode) node);
            }
            res.status(202);
            res.send();
        } else {
            dispatcher.request(ctx, (ObjectNode) node, res);
        }
    }

    private void initialize(ServerResponse res, Caller caller, ObjectNode request, byte[] body) {
        List<Initializer.Joined> joined = initializer.open(caller, catalog.list(), body);
        String token =
                sessions.issue(
                        caller.identity().key(),
                        joined.stream().map(Initializer.Joined::member).toList());
        ObjectNode result =
                InitializeMerge.merge(
                        joined.stream()
                                .map(
                                        j ->
                                                new InitializeMerge.Joined(
                                                        j.member().target(), j.result()))
                                .toList(),
                        request.path("params").path("protocolVersion").asText("2025-06-18"));
        ObjectNode answer = Json.object();
        answer.put("jsonrpc", "2.0");
        answer.set("id", request.get("id"));
        answer.set("result", result);
        res.status(200);
        res.header(McpProxy.SESSION_ID, HeaderValues.safe(token));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(answer));
    }

    /** The client's answer to a target's request goes to that target with its own id. */
    private void answer(Context ctx, JsonNode node, ServerResponse res) {
        Optional<ServerRequestIds.Origin> origin = ServerRequestIds.inward(node.get("id"));
        Optional<AggregateSessions.Member> member = origin.flatMap(o -> ctx.member(o.target()));
        if (member.isEmpty()) {
            JsonRpcErrors.send(
                    res,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "id: not the id of a request this session sent");
            return;
        }
        ObjectNode inward = ((ObjectNode) node).deepCopy();
        inward.set("id", origin.get().id());
        boolean delivered = calls.deliver(ctx.caller(), member.get(), Json.write(inward));
        res.status(delivered ? 202 : 502);
        res.send();
    }

    private void end(Context ctx, ServerResponse res) {
        for (AggregateSessions.Member member : ctx.session().members()) {
            Thread.ofVirtual()
                    .start(
                            () -> {
                                try {
                                    calls.open(
                                                    ctx.caller(),
                                                    member.target(),
                                                    member.session(),
                                                    "DELETE",
                                                    null,
                                                    calls.timeout(member.target()))
                                            .close();
                                } catch (InnerFailure e) {
                                    // Gone already, or the server keeps no sessions.
                                }
                            });
        }
        res.status(200);
        res.send();
    }

    /** The caller, or null after a 403 (Host/Origin) or 401 answer. */
    private Caller authenticate(ServerRequest req, ServerResponse res) {
        Identity identity;
        try {
            identity = gate.admit(req);
        } catch (McpGate.Refusal refusal) {
            refusal.send(res);
            return null;
        }
        AuditNote.current().caller(identity);
        return new Caller(
                identity,
                req.headers().first(HeaderNames.AUTHORIZATION),
                req.headers().first(HeaderNames.HOST),
                req.headers().first(HeaderNames.ORIGIN),
                req.headers().first(PROTOCOL_VERSION),
                TraceContext.headers(),
                Optional.empty());
    }

    /** The session of the request, or null after answering 400 (none) or 404 (not valid). */
    private Context open(ServerRequest req, ServerResponse res, Caller caller) {
        Optional<String> header = req.headers().first(McpProxy.SESSION_ID);
        if (header.isEmpty()) {
            JsonRpcErrors.send(
                    res,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Mcp-Session-Id header is required; initialize first");
            return null;
        }
        Optional<AggregateSessions.Session> session = sessions.open(header.get());
        if (session.isEmpty() || !session.get().identityKey().equals(caller.identity().key())) {
            JsonRpcErrors.send(
                    res,
                    404,
                    null,
                    JsonRpcErrors.NOT_FOUND,
                    "session not found (unknown, altered, or opened by another user);"
                            + " initialize a new session");
            return null;
        }
        List<Names.Prefixed> prefixes =
                session.get().members().stream()
                        .map(
                                m ->
                                        new Names.Prefixed(
                                                m.target(),
                                                catalog.find(m.target())
                                                        .map(Target::effectiveToolPrefix)
                                                        .orElse(m.target() + "_")))
                        .toList();
        return new Context(caller.inSession(header.get()), header.get(), session.get(), prefixes);
    }

    private static void tooMany(ServerResponse res) {
        JsonRpcErrors.send(
                res,
                429,
                null,
                JsonRpcErrors.SERVER_ERROR,
                "too many concurrent requests for this identity"
                        + " (server.max_concurrent_per_identity)");
    }

    /**
     * What the endpoint shares with the gateway.
     *
     * @param catalog the targets
     * @param authenticator authenticates callers
     * @param guard checks Host and Origin
     * @param sessions seals aggregate session ids
     * @param reader reads and validates POST bodies (the limits of {@code /mcp/{target}})
     * @param http the pooled client that sends the calls to {@code /mcp/{target}}
     * @param self this gateway's own base URL, known once it listens
     * @param internal marks those calls
     * @param readTimeout default time an answer may take to start
     * @param kubernetesStartup startup timeout of kubernetes targets
     * @param maxConcurrentPerIdentity {@code server.max_concurrent_per_identity}
     * @param metrics where the metrics go
     * @param clock the clock of the list index
     * @param tracing the spans of {@code /mcp} requests
     * @param audit records each request
     */
    public record Parts(
            TargetCatalog catalog,
            Authenticator authenticator,
            RequestGuard guard,
            AggregateSessions sessions,
            MessageReader reader,
            UpstreamClient http,
            Supplier<URI> self,
            InternalCalls internal,
            Duration readTimeout,
            Duration kubernetesStartup,
            int maxConcurrentPerIdentity,
            MetricRegistry metrics,
            Clock clock,
            Tracing tracing,
            McpAudit audit) {}
}
