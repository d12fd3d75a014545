package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.observe.ReconcileTracing;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each reconcile of an MCPInstance against the real API server is one span with its outcome. */
@RequiresControlPlane
class ReconcileTracingControlPlaneTest {

    private EmbeddedCluster cluster;
    private Operator operator;
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider provider;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        provider =
                SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build();
        operator =
                Operator.start(
                        cluster.client(),
                        OperatorConfig.defaults(cluster.namespace()),
                        Clock.systemUTC(),
                        ReconcileTracing.of(
                                OpenTelemetrySdk.builder().setTracerProvider(provider).build()));
        await().until(operator::isReady);
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
        provider.close();
    }

    @Test
    void reconcileOfANewInstanceIsASpanNamingItAndItsOutcome() {
        MCPInstance created = cluster.create(EmbeddedCluster.instance("github", "alice"));
        String name = created.getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);

        SpanData span =
                await().until(
                                () ->
                                        spans.getFinishedSpanItems().stream()
                                                .filter(
                                                        s ->
                                                                name.equals(
                                                                        attribute(
                                                                                s,
                                                                                "k8s.resource.name")))
                                                .findFirst()
                                                .orElse(null),
                                s -> s != null);
        assertThat(span.getName()).isEqualTo("reconcile MCPInstance");
        assertThat(span.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.INTERNAL);
        assertThat(attribute(span, "k8s.resource.kind")).isEqualTo("MCPInstance");
        assertThat(attribute(span, "k8s.namespace.name")).isEqualTo(cluster.namespace());
        assertThat(attribute(span, "reflow.reconcile.outcome")).isIn("ok", "requeued");
        assertThat(spans.getFinishedSpanItems())
                .filteredOn(s -> name.equals(attribute(s, "k8s.resource.name")))
                .extracting(s -> attribute(s, "reflow.reconcile.outcome"))
                .contains("ok");
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
