package io.reflow.operator.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.reflow.operator.OperatorConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spans of reconciles: the OpenTelemetry SDK exporting over OTLP/HTTP when tracing is configured,
 * else the no-op API with no SDK at all. Closing it flushes the spans not yet sent.
 */
public final class ReconcileTracing implements AutoCloseable {

    /** Tracing off. */
    public static final ReconcileTracing OFF = new ReconcileTracing(OpenTelemetry.noop(), null);

    private static final AttributeKey<String> KIND = AttributeKey.stringKey("k8s.resource.kind");
    private static final AttributeKey<String> NAMESPACE =
            AttributeKey.stringKey("k8s.namespace.name");
    private static final AttributeKey<String> NAME = AttributeKey.stringKey("k8s.resource.name");
    private static final AttributeKey<String> OUTCOME =
            AttributeKey.stringKey("reflow.reconcile.outcome");

    private final Tracer tracer;
    private final SdkTracerProvider provider;

    private ReconcileTracing(OpenTelemetry openTelemetry, SdkTracerProvider provider) {
        this.tracer = openTelemetry.getTracer("io.reflow.operator");
        this.provider = provider;
    }

    /** Starts the SDK when {@code config} names an endpoint; {@link #OFF} otherwise. */
    public static ReconcileTracing start(OperatorConfig.Tracing config) {
        if (!config.enabled()) {
            return OFF;
        }
        SdkTracerProvider provider =
                SdkTracerProvider.builder()
                        .setResource(
                                Resource.getDefault()
                                        .merge(
                                                Resource.create(
                                                        Attributes.of(
                                                                AttributeKey.stringKey(
                                                                        "service.name"),
                                                                config.serviceName()))))
                        .setSampler(
                                Sampler.parentBased(
                                        Sampler.traceIdRatioBased(config.sampleRatio())))
                        .addSpanProcessor(
                                BatchSpanProcessor.builder(
                                                OtlpHttpSpanExporter.builder()
                                                        .setEndpoint(config.tracesUrl())
                                                        .build())
                                        .setScheduleDelay(Duration.ofSeconds(1))
                                        .build())
                        .build();
        return new ReconcileTracing(
                OpenTelemetrySdk.builder().setTracerProvider(provider).build(), provider);
    }

    /** Spans made by {@code openTelemetry}, which its owner flushes and closes. */
    public static ReconcileTracing of(OpenTelemetry openTelemetry) {
        return new ReconcileTracing(openTelemetry, null);
    }

    /** Starts the span of one reconcile of the MCPInstance {@code key} ({@code namespace/name}). */
    public Reconcile start(String key) {
        int slash = key.indexOf('/');
        Span span =
                tracer.spanBuilder("reconcile MCPInstance")
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(KIND, "MCPInstance")
                        .setAttribute(NAMESPACE, slash < 0 ? "" : key.substring(0, slash))
                        .setAttribute(NAME, key.substring(slash + 1))
                        .startSpan();
        return new Reconcile(span);
    }

    /** Flushes and stops the SDK (waiting at most five seconds for the collector). */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** The span of one reconcile; {@link #end(String)} ends it with its outcome. */
    public static final class Reconcile {

        private final Span span;

        private Reconcile(Span span) {
            this.span = span;
        }

        /**
         * Ends the span: {@code ok}, {@code requeued} (a conflict or a resource gone meanwhile) or
         * {@code failed} (retried with backoff).
         */
        public void end(String outcome) {
            span.setAttribute(OUTCOME, outcome);
            if (outcome.equals("failed")) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
