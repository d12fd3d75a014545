package io.reflow.gateway.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.reflow.gateway.audit.AuditRecord;

/**
 * The SERVER span of one MCP request: its parent is the client's {@code traceparent}, it is current
 * while the request is handled (so upstream calls are its children), and it takes its name and
 * attributes from the request's audit record at the end.
 */
public final class McpSpan {

    private final Span span;
    private final String route;

    private McpSpan(Span span, String route) {
        this.span = span;
        this.route = route;
    }

    /** Starts the span of {@code req} on {@code route} (such as {@code /mcp/{target}}). */
    public static McpSpan start(Tracing tracing, ServerRequest req, String route) {
        String httpMethod = req.prologue().method().text();
        Span span =
                tracing.tracer()
                        .spanBuilder(httpMethod + " " + route)
                        .setParent(tracing.extract(req))
                        .setSpanKind(SpanKind.SERVER)
                        .setAttribute("http.request.method", httpMethod)
                        .setAttribute("http.route", route)
                        .setAttribute("network.protocol.name", "http")
                        .startSpan();
        return new McpSpan(span, route);
    }

    /** Makes the span current on this thread until the scope closes. */
    public Scope makeCurrent() {
        return span.makeCurrent();
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
