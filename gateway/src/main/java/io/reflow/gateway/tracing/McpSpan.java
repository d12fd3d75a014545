package io.reflow.gateway.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.reflow.gateway.audit.AuditRecord;
import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The SERVER span of one MCP request: its parent is the client's {@code traceparent} header, else
 * the {@code params._meta.traceparent} of its message; it is current while the request is handled
 * (so upstream calls are its children), and it takes its name and attributes from the request's
 * audit record at the end, and the JSON-RPC error an upstream answered.
 */
public final class McpSpan {

    private static final ContextKey<McpSpan> KEY = ContextKey.named("reflow-mcp-request-span");
    private static final TextMapGetter<Map<String, String>> MAP =
            new TextMapGetter<>() {
                @Override
                public String get(Map<String, String> carrier, String key) {
                    return carrier == null ? null : carrier.get(key);
                }
            };

    private final Tracing tracing;
    private final String httpMethod;
    private final String route;
    private final Instant arrival;
    private final boolean headerParent;
    private Span span;
    private Scope adopted;
    private Integer upstreamError;

    private McpSpan(
            Tracing tracing,
            Span span,
            String httpMethod,
            String route,
            Instant arrival,
            boolean headerParent) {
        this.tracing = tracing;
        this.span = span;
        this.httpMethod = httpMethod;
        this.route = route;
        this.headerParent = headerParent;
        this.arrival = arrival;
    }

    /** Starts the span of {@code req} on {@code route} (such as {@code /mcp/{target}}). */
    public static McpSpan start(Tracing tracing, ServerRequest req, String route) {
        String httpMethod = req.prologue().method().text();
        Instant arrival = tracing.enabled() ? Instant.now() : null;
        Context parent = tracing.extract(req);
        Span span = builder(tracing, httpMethod, route).setParent(parent).startSpan();
        return new McpSpan(
                tracing,
                span,
                httpMethod,
                route,
                arrival,
                Span.fromContext(parent).getSpanContext().isValid());
    }

    private static SpanBuilder builder(Tracing tracing, String httpMethod, String route) {
        return tracing.tracer()
                .spanBuilder(httpMethod + " " + route)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", httpMethod)
                .setAttribute("http.route", route)
                .setAttribute("network.protocol.name", "http");
    }

    /**
     * Makes the span current on this thread until the scope closes; a span that {@link
     * #parentFromMeta} starts in its place is current within the same scope.
     */
    public Scope makeCurrent() {
        Scope scope = Context.current().with(span).with(KEY, this).makeCurrent();
        return () -> {
            if (adopted != null) {
                adopted.close();
                adopted = null;
            }
            scope.close();
        };
    }

    /** The span of the request being handled on this thread, or null (none, or tracing off). */
    static McpSpan current() {
        return Context.current().get(KEY);
    }

    /**
     * Makes the client's {@code params._meta.traceparent} in {@code body} (one JSON-RPC message,
     * just read) the parent of the current request's span, when the request had no valid {@code
     * traceparent} header: the header wins. An invalid value is ignored.
     */
    public static void parentFromMeta(byte[] body) {
        McpSpan request = current();
        // Most bodies name no trace: they are not parsed again.
        if (request == null || !request.mayAdopt() || !TraceContext.mentionsTraceparent(body)) {
            return;
        }
        try {
            request.adopt(Json.read(body));
        } catch (IOException e) {
            // The body was validated; nothing to adopt from one that is not JSON.
        }
    }

    /** {@link #parentFromMeta(byte[])} for a message already parsed. */
    public static void parentFromMeta(JsonNode message) {
        McpSpan request = current();
        if (request != null && request.mayAdopt()) {
            request.adopt(message);
        }
    }

    private boolean mayAdopt() {
        return tracing.enabled() && !headerParent && adopted == null;
    }

    /**
     * The parent is known only now that the body is read: a span is started in place of the one
     * started at arrival, from the same time, and made current. The first is dropped unended, so it
     * is never exported; nothing was started under it before the body was read.
     */
    private void adopt(JsonNode message) {
        JsonNode meta = message.path("params").path("_meta");
        if (!meta.path("traceparent").isTextual()) {
            return;
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", meta.path("traceparent").asText());
        if (meta.path("tracestate").isTextual()) {
            carrier.put("tracestate", meta.path("tracestate").asText());
        }
        Context parent =
                W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return;
        }
        span =
                builder(tracing, httpMethod, route)
                        .setParent(parent)
                        .setStartTimestamp(arrival)
                        .startSpan();
        adopted = Context.current().with(span).with(KEY, this).makeCurrent();
    }

    /** Records the JSON-RPC error code an upstream answered this request with. */
    void upstreamError(int code) {
        if (upstreamError == null) {
            upstreamError = code;
        }
    }

    /** Names the span and sets its attributes from the request's audit record. */
    public void finish(AuditRecord record, JsonNode requestId, String protocolVersion) {
        if (!span.isRecording()) {
            return;
        }
        span.updateName(McpAttributes.spanName(record, route));
        span.setAllAttributes(McpAttributes.of(record, requestId, protocolVersion));
        if (McpAttributes.errorType(record) != null) {
            span.setStatus(StatusCode.ERROR);
        } else if (upstreamError != null) {
            AnsweredError.mark(span, upstreamError);
        }
    }

    /**
     * Names the current span (the {@code /mcp} request's) after the JSON-RPC {@code message} the
     * client sent, before it is routed: the method, and the tool or prompt it names.
     */
    public static void describeCurrent(JsonNode message) {
        Span span = Span.current();
        if (!span.isRecording()) {
            return;
        }
        String method = message.path("method").asText("");
        if (method.isEmpty()) {
            return;
        }
        String named =
                method.equals("tools/call") || method.equals("prompts/get")
                        ? message.path("params").path("name").asText(null)
                        : null;
        span.updateName(McpAttributes.boundedMethod(method) + (named == null ? "" : " " + named));
        span.setAttribute(McpAttributes.METHOD, McpAttributes.boundedMethod(method));
        JsonNode id = message.get("id");
        if (id != null && !id.isNull()) {
            span.setAttribute(McpAttributes.REQUEST_ID, id.asText());
        }
        if (named != null) {
            span.setAttribute(
                    method.equals("tools/call") ? McpAttributes.TOOL : McpAttributes.PROMPT, named);
        }
        JsonNode uri = message.path("params").path("uri");
        if (uri.isTextual()) {
            span.setAttribute(McpAttributes.RESOURCE, uri.asText());
        }
    }

    /** Ends the span. */
    public void end() {
        span.end();
    }
}
