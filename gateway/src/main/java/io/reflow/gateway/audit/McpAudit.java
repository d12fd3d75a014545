package io.reflow.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.reflow.gateway.access.Decision;
import io.reflow.gateway.access.McpItem;
import io.reflow.gateway.access.RequestScan;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.kubernetes.SubjectKeys;
import io.reflow.gateway.proxy.InternalCalls;
import io.reflow.gateway.proxy.McpProxy;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the audit record of each MCP request: runs the handler with an {@link AuditNote} bound,
 * then records who, which target, method and item, the decision, the outcome and the duration.
 * Streams are recorded when they end. A request to {@code /mcp} is recorded once, and each call it
 * makes to {@code /mcp/{target}} once more, marked {@code via: /mcp} and with the client's session.
 */
public final class McpAudit {

    private static final HeaderName AUDIT_SESSION =
            HeaderNames.create(InternalCallAudit.SESSION_HEADER);

    private static final Set<String> NAMING_METHODS =
            Set.of(
                    "tools/call",
                    "prompts/get",
                    "resources/read",
                    "resources/subscribe",
                    "resources/unsubscribe",
                    "completion/complete");

    private final AuditLog log;
    private final Clock clock;
    private final InternalCalls internal;

    /**
     * Records into {@code log}, with times from {@code clock}; calls {@code internal} marks are
     * recorded as made for an {@code /mcp} request.
     */
    public McpAudit(AuditLog log, Clock clock, InternalCalls internal) {
        this.log = log;
        this.clock = clock;
        this.internal = internal;
    }

    /** What learns of each record once it is written: the request's span. */
    @FunctionalInterface
    public interface Written {

        /**
         * {@code record} was written for a request with JSON-RPC id {@code requestId} in {@code
         * protocolVersion} (each null when not known).
         */
        void written(AuditRecord record, JsonNode requestId, String protocolVersion);
    }

    /** Runs {@code handler} for one request to {@code /mcp/{target}} and records it. */
    public void around(ServerRequest req, ServerResponse res, Runnable handler, Written written) {
        boolean internalCall = internal.marks(req.headers().first(InternalCalls.HEADER_NAME));
        AuditNote note = new AuditNote();
        if (internalCall) {
            // Told before the answer starts, so the /mcp request reads it from the answer's head.
            note.onDecision(
                    decision ->
                            res.header(
                                    InternalCallAudit.DECISION_HEADER,
                                    InternalCallAudit.encode(decision)));
        }
        run(
                req,
                res,
                handler,
                note,
                (time, millis, thrown) -> {
                    McpProxy.Exchange ex = note.exchange();
                    AuditRecord record =
                            perTarget(req, res, note, time, millis, thrown, internalCall);
                    log.write(record);
                    written.written(
                            record,
                            ex == null ? null : ex.message().id(),
                            ex == null ? null : ex.protocolVersion().orElse(null));
                });
    }

    /** Runs {@code handler} for one request to {@code /mcp} and records it. */
    public void aroundAggregate(
            ServerRequest req, ServerResponse res, Runnable handler, Written written) {
        AuditNote note = new AuditNote();
        run(
                req,
                res,
                handler,
                note,
                (time, millis, thrown) -> {
                    AuditRecord record = aggregate(req, res, note, time, millis, thrown);
                    log.write(record);
                    written.written(record, note.requestId(), note.protocolVersion());
                });
    }

    /** What is done once the handler ran, with its arrival, duration and whether it threw. */
    private interface Ended {
        void ended(Instant time, double millis, boolean thrown);
    }

    private void run(
            ServerRequest req, ServerResponse res, Runnable handler, AuditNote note, Ended ended) {
        Instant time = clock.instant();
        long start = System.nanoTime();
        AuditNote.bind(note);
        boolean thrown = true;
        try {
            handler.run();
            thrown = false;
        } finally {
            AuditNote.unbind();
            ended.ended(time, (System.nanoTime() - start) / 1e6, thrown);
        }
    }

    private AuditRecord perTarget(
            ServerRequest req,
            ServerResponse res,
            AuditNote note,
            Instant time,
            double millis,
            boolean thrown,
            boolean internalCall) {
        McpProxy.Exchange ex = note.exchange();
        Identity identity = ex == null ? null : ex.identity();
        Target target = ex == null ? null : ex.target();
        McpItem item = note.item() != null ? note.item() : item(ex);
        String session =
                internalCall
                        ? InternalCallAudit.trustedHash(req.headers().first(AUDIT_SESSION))
                        : null;
        return record(
                req,
                res,
                note,
                new Facts(
                        identity,
                        target == null
                                ? req.path()
                                        .pathParameters()
                                        .first("target")
                                        .map(Texts::cut)
                                        .orElse(null)
                                : target.name(),
                        ex == null ? null : method(ex),
                        item,
                        instance(target, identity),
                        session != null ? session : Texts.sessionHash(session(req, res))),
                time,
                millis,
                thrown,
                "/mcp/{target}",
                internalCall ? "/mcp" : null);
    }

    private AuditRecord aggregate(
            ServerRequest req,
            ServerResponse res,
            AuditNote note,
            Instant time,
            double millis,
            boolean thrown) {
        String method = note.method();
        return record(
                req,
                res,
                note,
                new Facts(
                        note.caller(),
                        note.routedTo(),
                        method == null || !req.prologue().method().text().equals("POST")
                                ? null
                                : Texts.cut(method),
                        note.item(),
                        null,
                        Texts.sessionHash(session(req, res))),
                time,
                millis,
                thrown,
                "/mcp",
                null);
    }

    /** What a record says of the request, found differently on each endpoint. */
    private record Facts(
            Identity identity,
            String target,
            String method,
            McpItem item,
            String instance,
            String session) {}

    private AuditRecord record(
            ServerRequest req,
            ServerResponse res,
            AuditNote note,
            Facts facts,
            Instant time,
            double millis,
            boolean thrown,
            String endpoint,
            String via) {
        Identity identity = facts.identity();
        Decision decision = note.decision();
        return new AuditRecord(
                0,
                time,
                log.replica(),
                "mcp",
                identity == null ? null : identity.subject(),
                identity == null ? null : identity.role(),
                identity == null ? null : identity.groups(),
                facts.target(),
                req.prologue().method().text(),
                facts.method(),
                facts.item() == null ? null : facts.item().typeName(),
                facts.item() == null ? null : Texts.cut(facts.item().name()),
                decision == null ? null : decision.effect(),
                decision == null ? null : decision.reason().wire(),
                decision == null ? null : decision.policyId(),
                thrown ? 500 : res.status().code(),
                note.errorCode(),
                millis,
                facts.instance(),
                facts.session(),
                traceId(req),
                endpoint,
                via);
    }

    /** The trace of the request's span when tracing is on, else the client's traceparent's. */
    private static String traceId(ServerRequest req) {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? span.getTraceId()
                : Texts.traceId(req.headers().first(HeaderNames.create("traceparent")));
    }

    private static String method(McpProxy.Exchange ex) {
        return ex.httpMethod().equals("POST") && !ex.message().method().isEmpty()
                ? Texts.cut(ex.message().method())
                : null;
    }

    /** The item of a request the access check did not look into (no policy could deny it). */
    private static McpItem item(McpProxy.Exchange ex) {
        if (ex == null || !NAMING_METHODS.contains(ex.message().method())) {
            return null;
        }
        try {
            return RequestScan.of(ex.message().body()).item();
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> session(ServerRequest req, ServerResponse res) {
        Optional<String> sent = req.headers().first(McpProxy.SESSION_ID);
        return sent.isPresent() ? sent : res.headers().first(McpProxy.SESSION_ID);
    }

    /** The MCPInstance serving {@code identity} on a kubernetes {@code target}, else null. */
    static String instance(Target target, Identity identity) {
        if (target == null
                || identity == null
                || target.transportType() != TransportType.KUBERNETES) {
            return null;
        }
        try {
            return McpResources.instanceName(target.name(), SubjectKeys.of(target, identity));
        } catch (RuntimeException e) {
            // The boundary needs a claim the caller lacks: the request was refused, no instance.
            return null;
        }
    }
}
