package io.reflow.gateway.tracing;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.reflow.gateway.Version;
import io.reflow.gateway.config.TracingConfig;
import io.reflow.gateway.config.Urls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The gateway's tracer: the OpenTelemetry SDK exporting over OTLP/HTTP when {@code tracing} is
 * configured, else the no-op API with no SDK at all. Closing it flushes the spans not yet sent.
 */
public final class Tracing implements AutoCloseable {

    /** Tracing off: no SDK, every span a no-op, nothing extracted or injected. */
    public static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    private static final String SCOPE = "io.reflow.gateway";
    private static final TextMapGetter<ServerRequest> HEADERS =
            new TextMapGetter<>() {
                @Override
                public String get(ServerRequest req, String key) {
                    return req == null ? null : req.headers().value(headerName(key)).orElse(null);
                }
            };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(OpenTelemetry openTelemetry, SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = openTelemetry.getTracer(SCOPE, Version.current());
    }

    /** Starts the SDK when {@code config} names an endpoint; {@link #OFF} otherwise. */
    public static Tracing start(TracingConfig config) {
        if (!config.enabled()) {
            return OFF;
        }
        OtlpHttpSpanExporter exporter =
                OtlpHttpSpanExporter.builder().setEndpoint(config.tracesUrl()).build();
        Resource resource =
                Resource.getDefault()
                        .merge(
                                Resource.create(
                                        Attributes.of(
                                                AttributeKey.stringKey("service.name"),
                                                config.serviceName(),
                                                AttributeKey.stringKey("service.version"),
                                                Version.current())));
        SdkTracerProvider provider =
                SdkTracerProvider.builder()
                        .setResource(resource)
                        .setSampler(
                                Sampler.parentBased(
                                        Sampler.traceIdRatioBased(config.sampleRatio())))
                        // Spans leave within a second: a trace is looked at right after the call.
                        .addSpanProcessor(
                                BatchSpanProcessor.builder(exporter)
                                        .setScheduleDelay(Duration.ofSeconds(1))
                                        .build())
                        .build();
        LOG.info(
                "tracing: exporting spans of "
                        + config.serviceName()
                        + " to "
                        + Urls.redacted(config.tracesUrl()));
        return new Tracing(
                OpenTelemetrySdk.builder().setTracerProvider(provider).build(), provider);
    }

    /** Whether spans are recorded and exported. */
    public boolean enabled() {
        return provider != null;
    }

    /** The tracer spans are started with. */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * The context a client's W3C {@code traceparent} and {@code tracestate} headers name, as the
     * parent of the request's span; the root context when there is none or tracing is off.
     */
    public Context extract(ServerRequest req) {
        if (!enabled()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), req, HEADERS);
    }

    /** Flushes and stops the SDK (waiting at most five seconds for the collector). */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
            LOG.fine("tracing stopped");
        }
    }

    private static HeaderName headerName(String key) {
        return HeaderNames.create(key);
    }
}
