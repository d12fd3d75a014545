package io.reflow.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.context.Scope;
import io.reflow.gateway.access.AccessControl;
import io.reflow.gateway.access.ListFilter;
import io.reflow.gateway.audit.AuditNote;
import io.reflow.gateway.audit.McpAudit;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.logging.LogContext;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.tracing.McpSpan;
import io.reflow.gateway.tracing.Tracing;
import io.reflow.metrics.MetricRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /mcp/{target}}: the transparent Streamable HTTP proxy. Checks Host/Origin, authenticates,
 * finds the target, opens the sealed session id, validates the message, then hands the exchange to
 * {@link UpstreamCall}.
 */
public final class McpProxy implements HttpService {

    /** The session header. */
    public static final HeaderName SESSION_ID = HeaderNames.create("Mcp-Session-Id");

    static final HeaderName PROTOCOL_VERSION = HeaderNames.create("MCP-Protocol-Version");
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private static final Set<String> VERSIONS =
            Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    private final TargetCatalog catalog;
    private final McpGate gate;
    private final SessionTokens sessions;
    private final Function<Target, UpstreamResolver> resolvers;
    private final Function<Target, LocalTransport> locals;
    private final UpstreamCall upstreamCall;
    private final ConcurrencyLimiter limiter;
    private final ConcurrencyLimiter answers;
    private final MessageReader reader;
    private final BodyBudget budget;
    private final InternalCalls internal;
    private final ConcurrencyLimiter unlimited = new ConcurrencyLimiter(Integer.MAX_VALUE);
    private final AccessControl access;
    private final McpAudit audit;
    private final Tracing tracing;

    /**
     * Wires the proxy; {@code resolvers} picks the resolver of a target's HTTP transport, {@code
     * locals} the transport serving a target in the gateway itself (null for HTTP targets); calls
     * {@code internal} marks take no concurrency slot; {@code access} enforces the policies and
     * {@code audit} records every request; each request is a span of {@code tracing}.
     */
    public McpProxy(
            TargetCatalog catalog,
            Authenticator authenticator,
            RequestGuard guard,
            SessionTokens sessions,
            Function<Target, UpstreamResolver> resolvers,
            Function<Target, LocalTransport> locals,
            UpstreamCall upstreamCall,
            MessageLimits limits,
            int maxConcurrentPerIdentity,
            InternalCalls internal,
            AccessControl access,
            McpAudit audit,
            Tracing tracing) {
        this.tracing = tracing;
        this.catalog = catalog;
        this.gate = new McpGate(guard, authenticator);
        this.sessions = sessions;
        this.resolvers = resolvers;
        this.locals = locals;
        this.upstreamCall = upstreamCall;
        this.internal = internal;
        this.access = access;
        this.audit = audit;
        this.reader =
                new MessageReader(limits.maxBodyBytes(), limits.maxDepth(), limits.maxTokens());
        this.budget = new BodyBudget(limits.maxBytesInFlight());
        this.limiter = new ConcurrencyLimiter(maxConcurrentPerIdentity);
        this.answers = new ConcurrencyLimiter(maxConcurrentPerIdentity);
        MetricRegistry.process()
                .gauge(
                        "reflow_mcp_requests_in_flight",
                        "MCP requests holding a slot of server.max_concurrent_per_identity now",
                        () -> limiter.inFlight() + answers.inFlight());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{target}", (req, res) -> logged(req, res, "POST"))
                .get("/{target}", (req, res) -> logged(req, res, "GET"))
                .delete("/{target}", (req, res) -> logged(req, res, "DELETE"))
                .any(
                        "/{target}",
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
     * {@link #handle} with the target in every line logged meanwhile ({@link LogContext}), one
     * audit record, and one span.
     */
    @SuppressWarnings("try") // the scopes are only opened and closed
    private void logged(ServerRequest req, ServerResponse res, String httpMethod) {
        try (LogContext.Scope scope =
                LogContext.target(req.path().pathParameters().get("target"))) {
            McpSpan span = McpSpan.start(tracing, req, "/mcp/{target}");
            try (Scope current = span.makeCurrent()) {
                audit.around(req, res, () -> handle(req, res, httpMethod), span::finish);
            } finally {
                span.end();
            }
        }
    }

    private void handle(ServerRequest req, ServerResponse res, String httpMethod) {
        Optional<Exchange> checked = prepare(req, res, httpMethod);
        if (checked.isEmpty()) {
            return;
        }
        Exchange ex = checked.get();
        String subject = ex.identity().key();
        // The limit comes before the body is read: waiting bodies hold memory.
        ConcurrencyLimiter slots = limiterFor(req);
        if (!slots.tryAcquire(subject)) {
            // A client's answer to a server request (sampling, elicitation) must get through
            // while the identity's streams fill its limit: clients cannot report a refused
            // answer, so the server's request, and the tool call waiting on it, would time out.
            // Such a POST may take one of as many slots again; its body decides if it keeps it.
            if (!httpMethod.equals("POST") || !answers.tryAcquire(subject)) {
                tooManyRequests(res);
                return;
            }
            slots = answers;
        }
        long reserved = httpMethod.equals("POST") ? reader.reservation(req) : 0;
        try {
            if (reserved > 0 && !budget.tryReserve(subject, reserved)) {
                res.header(HeaderNames.RETRY_AFTER, "1");
                JsonRpcErrors.send(
                        res,
                        503,
                        null,
                        JsonRpcErrors.SERVER_ERROR,
                        "too many request body bytes in flight (server.max_body_bytes_in_flight);"
                                + " retry later");
                reserved = 0;
                return;
            }
            if (httpMethod.equals("POST")) {
                Message message = reader.read(req, res, ex.protocolVersion().orElse(null));
                if (message == null) {
                    return;
                }
                McpSpan.parentFromMeta(message.body());
                if (slots == answers && !message.method().equals("response")) {
                    tooManyRequests(res);
                    return;
                }
                ex = ex.with(message);
            }
            Exchange allowed = access.apply(ex, res);
            if (allowed != null) {
                dispatch(req, res, allowed);
            }
        } catch (UpstreamUnavailableException e) {
            upstreamCall.unavailable(res, ex, e);
        } finally {
            if (reserved > 0) {
                budget.release(subject, reserved);
            }
            if (ex.session().isPresent()) {
                // A stream may have lasted long: idle time counts from its end.
                req.headers().first(SESSION_ID).ifPresent(sessions::touch);
            }
            slots.release(subject);
        }
    }

    /** Hands the exchange to the transport of its target. */
    private void dispatch(ServerRequest req, ServerResponse res, Exchange ex) {
        LocalTransport local = locals.apply(ex.target());
        if (local != null) {
            upstreamCall.serveLocally(req, res, ex, local);
            return;
        }
        Upstream upstream = resolvers.apply(ex.target()).resolve(ex.target(), ex.identity());
        upstreamCall.forward(req, res, ex, upstream);
    }

    /** A call /mcp makes for its client takes no slot: the client's /mcp request holds one. */
    private ConcurrencyLimiter limiterFor(ServerRequest req) {
        return internal.marks(req.headers().first(InternalCalls.HEADER_NAME)) ? unlimited : limiter;
    }

    private static void tooManyRequests(ServerResponse res) {
        JsonRpcErrors.send(
                res,
                429,
                null,
                JsonRpcErrors.SERVER_ERROR,
                "too many concurrent requests for this identity"
                        + " (server.max_concurrent_per_identity)");
    }

    private Optional<Exchange> prepare(ServerRequest req, ServerResponse res, String httpMethod) {
        Identity identity;
        try {
            identity = gate.admit(req);
        } catch (McpGate.Refusal refusal) {
            refusal.send(res);
            return Optional.empty();
        }
        String name = req.path().pathParameters().get("target");
        Optional<Target> target = catalog.find(name);
        if (target.isEmpty()) {
            JsonRpcErrors.send(
                    res, 404, null, JsonRpcErrors.NOT_FOUND, "unknown target '" + name + "'");
            return Optional.empty();
        }
        Optional<String> version = req.headers().first(PROTOCOL_VERSION);
        if (version.isPresent() && !VERSIONS.contains(version.get())) {
            JsonRpcErrors.send(
                    res,
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "unsupported MCP-Protocol-Version '"
                            + version.get()
                            + "'; supported: "
                            + String.join(", ", VERSIONS.stream().sorted().toList()));
            return Optional.empty();
        }
        Optional<SessionTokens.Session> session = openSession(req, res, name, identity);
        if (session == null) {
            return Optional.empty();
        }
        Exchange ex =
                new Exchange(
                        httpMethod,
                        identity,
                        target.get(),
                        session,
                        Message.NONE,
                        version,
                        ListFilter.NONE);
        AuditNote.current().exchange(ex);
        return Optional.of(ex);
    }

    /** The open session, empty without a session header, or null after answering 404. */
    private Optional<SessionTokens.Session> openSession(
            ServerRequest req, ServerResponse res, String target, Identity identity) {
        Optional<String> header = req.headers().first(SESSION_ID);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Optional<SessionTokens.Session> session = sessions.open(header.get());
        if (session.isEmpty()
                || !session.get().target().equals(target)
                || !session.get().identityKey().equals(identity.key())) {
            JsonRpcErrors.send(
                    res,
                    404,
                    null,
                    JsonRpcErrors.NOT_FOUND,
                    "session not found (unknown, expired, or opened by another user or target);"
                            + " initialize a new session");
            return null;
        }
        return session;
    }

    /**
     * One proxied exchange after all checks passed.
     *
     * @param httpMethod POST, GET or DELETE
     * @param identity the caller
     * @param target the target
     * @param session the opened session, if the request carried one
     * @param message the parsed POST body, or {@link Message#NONE}
     * @param protocolVersion the {@code MCP-Protocol-Version} header
     * @param listFilter what the access policies remove from list answers ({@link ListFilter#NONE}
     *     when nothing)
     */
    public record Exchange(
            String httpMethod,
            Identity identity,
            Target target,
            Optional<SessionTokens.Session> session,
            Message message,
            Optional<String> protocolVersion,
            ListFilter listFilter) {

        /** This exchange with the POST body read. */
        Exchange with(Message body) {
            return new Exchange(
                    httpMethod, identity, target, session, body, protocolVersion, listFilter);
        }

        /** This exchange with {@code filter} applied to its answers. */
        public Exchange withListFilter(ListFilter filter) {
            return new Exchange(
                    httpMethod, identity, target, session, message, protocolVersion, filter);
        }
    }

    /**
     * Limits on request bodies.
     *
     * @param maxBodyBytes the most bytes one body may have
     * @param maxBytesInFlight the most body bytes all requests together may hold
     * @param maxDepth the deepest nesting of arrays and objects
     * @param maxTokens the most JSON tokens in one body
     */
    public record MessageLimits(
            int maxBodyBytes, long maxBytesInFlight, int maxDepth, int maxTokens) {}

    /**
     * A validated JSON-RPC POST body.
     *
     * @param body the bytes exactly as received
     * @param id the request id, for error responses (null for notifications and batches)
     * @param method the method name, {@code batch}, or {@code response}
     * @param initialize whether this is an initialize request
     */
    public record Message(byte[] body, JsonNode id, String method, boolean initialize) {

        /** No body (GET and DELETE). */
        public static final Message NONE = new Message(new byte[0], null, "", false);
    }
}
