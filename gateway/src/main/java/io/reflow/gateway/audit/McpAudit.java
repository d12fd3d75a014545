package io.reflow.gateway.audit;

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
 * Streams are recorded when they end.
 */
public final class McpAudit {

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

    /** Records into {@code log}, with times from {@code clock}. */
    public McpAudit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** What learns of each record once it is written: the request's span. */
    @FunctionalInterface
    public interface Written {

        /** {@code record} was written for {@code exchange} (null when no check passed). */
        void written(AuditRecord record, McpProxy.Exchange exchange);
    }

    /** Runs {@code handler} for one request to {@code /mcp/{target}} and records it. */
    public void around(ServerRequest req, ServerResponse res, Runnable handler) {
        around(req, res, handler, (record, exchange) -> {});
    }

    /** As {@link #around(ServerRequest, ServerResponse, Runnable)}, telling {@code written}. */
    public void around(ServerRequest req, ServerResponse res, Runnable handler, Written written) {
        Instant time = clock.instant();
        long start = System.nanoTime();
        AuditNote note = new AuditNote();
        AuditNote.bind(note);
        boolean thrown = true;
        try {
            handler.run();
            thrown = false;
        } finally {
            AuditNote.unbind();
            AuditRecord record = record(req, res, note, time, start, thrown);
            log.write(record);
            written.written(record, note.exchange());
        }
    }

    private AuditRecord record(
            ServerRequest req,
            ServerResponse res,
            AuditNote note,
            Instant time,
            long start,
            boolean thrown) {
        McpProxy.Exchange ex = note.exchange();
        Identity identity = ex == null ? null : ex.identity();
        Target target = ex == null ? null : ex.target();
        String method = ex == null ? null : method(ex);
        McpItem item = note.item() != null ? note.item() : item(ex);
        Decision decision = note.decision();
        return new AuditRecord(
                0,
                time,
                log.replica(),
                "mcp",
                identity == null ? null : identity.subject(),
                identity == null ? null : identity.role(),
                identity == null ? null : identity.groups(),
                target == null
                        ? req.path().pathParameters().first("target").map(Texts::cut).orElse(null)
                        : target.name(),
                req.prologue().method().text(),
                method,
                item == null ? null : item.typeName(),
                item == null ? null : Texts.cut(item.name()),
                decision == null ? null : decision.effect(),
                decision == null ? null : decision.reason().wire(),
                decision == null ? null : decision.policyId(),
                thrown ? 500 : res.status().code(),
                note.errorCode(),
                (System.nanoTime() - start) / 1e6,
                instance(target, identity),
                Texts.sessionHash(session(req, res)),
                traceId(req));
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
