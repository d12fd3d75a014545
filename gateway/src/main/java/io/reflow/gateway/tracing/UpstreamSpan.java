package io.reflow.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The CLIENT span of one request the gateway sends to a target's MCP server (over HTTP, a stdio
 * process's pipes or a legacy SSE connection), a child of the request's SERVER span; current while
 * the request is sent and its answer relayed, so the request carries its {@code traceparent}.
 */
public final class UpstreamSpan implements AutoCloseable {

    private final Span span;
    private final Scope scope;

    private UpstreamSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
    }

    /**
     * Starts and makes current the span of a {@code httpMethod} request for MCP method {@code
     * mcpMethod} (null for GET and DELETE) to {@code endpoint} of {@code target}.
     */
    public static UpstreamSpan start(
            Tracing tracing, String httpMethod, String mcpMethod, String target, URI endpoint) {
        return new UpstreamSpan(
                builder(tracing, httpMethod, mcpMethod, target)
                        .setAttribute("network.transport", "tcp")
                        .setAttribute("server.address", String.valueOf(endpoint.getHost()))
                        .setAttribute("server.port", (long) port(endpoint))
                        .startSpan());
    }

    /**
     * Starts and makes current the span of an exchange the gateway hands to a server it speaks to
     * itself: over a stdio process's pipes ({@code sseUrl} null), or to the legacy HTTP+SSE server
     * at {@code sseUrl}.
     */
    public static UpstreamSpan startLocal(
            Tracing tracing, String httpMethod, String mcpMethod, String target, String sseUrl) {
        SpanBuilder builder = builder(tracing, httpMethod, mcpMethod, target);
        URI endpoint = sseUrl == null ? null : parsed(sseUrl);
        if (sseUrl == null) {
            builder.setAttribute("network.transport", "pipe");
        } else if (endpoint != null && endpoint.getHost() != null) {
            builder.setAttribute("network.transport", "tcp")
                    .setAttribute("server.address", endpoint.getHost())
                    .setAttribute("server.port", (long) port(endpoint));
        }
        return new UpstreamSpan(builder.startSpan());
    }

    private static SpanBuilder builder(
            Tracing tracing, String httpMethod, String mcpMethod, String target) {
        SpanBuilder builder =
                tracing.tracer()
                        .spanBuilder(mcpMethod == null ? httpMethod : mcpMethod)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute("http.request.method", httpMethod)
                        .setAttribute(McpAttributes.TARGET, target);
        if (mcpMethod != null) {
            builder.setAttribute(McpAttributes.METHOD, mcpMethod);
        }
        return builder;
    }

    private static URI parsed(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null; // The target was validated; an odd URL only loses the address.
        }
    }

    /** Records the upstream's HTTP status; 5xx marks the span failed. */
    public void status(int status) {
        span.setAttribute(McpAttributes.STATUS, (long) status);
        if (status >= 500) {
            span.setAttribute(McpAttributes.ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
    }

    /** Records that the call failed with {@code failure} (no answer, or a broken one). */
    public void failed(Throwable failure) {
        span.setAttribute(McpAttributes.ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR);
    }

    /** Leaves the span's scope and ends it. */
    @Override
    public void close() {
        scope.close();
        span.end();
    }

    private static int port(URI endpoint) {
        if (endpoint.getPort() >= 0) {
            return endpoint.getPort();
        }
        return "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }
}
