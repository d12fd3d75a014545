package io.reflow.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * The INTERNAL span of making a subject's Kubernetes instance ready for a request: creating or
 * updating its MCPInstance and Secret and waiting until it is Ready. A child of the request's span,
 * so a slow first call shows where its time went.
 */
public final class ProvisionSpan implements AutoCloseable {

    private final Span span;
    private final Scope scope;

    private ProvisionSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
    }

    /** Starts and makes current the span of provisioning {@code instance} of {@code target}. */
    public static ProvisionSpan start(
            Tracing tracing, String target, String namespace, String instance) {
        return new ProvisionSpan(
                tracing.tracer()
                        .spanBuilder("provision instance")
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(McpAttributes.TARGET, target)
                        .setAttribute(McpAttributes.INSTANCE, instance)
                        .setAttribute("k8s.namespace.name", namespace)
                        .startSpan());
    }

    /** Records that the instance did not become ready: {@code status} is what the client got. */
    public void failed(int status, String message) {
        span.setAttribute(McpAttributes.ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR, message);
    }

    /** Leaves the span's scope and ends it. */
    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
