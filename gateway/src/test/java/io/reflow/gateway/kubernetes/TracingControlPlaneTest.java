package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.proto.trace.v1.Span;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.OtlpCollector;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.mcp.api.McpResources;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A traced gateway with the kubernetes transport against the real control plane and operator: the
 * first request of a user waits for the user's new instance, and that wait is a span of its own
 * inside the request's trace, beside the upstream call that follows it.
 */
@RequiresControlPlane
class TracingControlPlaneTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private TestNamespace namespace;
    private Operator operator;
    private Gateway gateway;
    private OtlpCollector collector;
    private GatewayClient http;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("tracing");
        KubernetesClient client = namespace.admin();
        namespace.serve();
        operator = Operator.start(client, OperatorConfig.defaults(namespace.name()));
        collector = OtlpCollector.start();
        String yaml =
                GatewayClient.yaml(namespace.name(), "startup_timeout: 60s")
                        + "tracing: { otlp_endpoint: \""
                        + collector.uri()
                        + "\" }\n";
        gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()), namespace.gatewayClient());
        http = new GatewayClient(gateway.baseUri());
        await().atMost(WAIT).until(operator::isReady);
        HttpResponse<String> created =
                http.admin(
                        "POST",
                        "/api/targets",
                        """
                        {"name": "github", "transport_type": "kubernetes",
                         "image": "ghcr.io/org/mcp-github:1", "port": 8080,
                         "statefulness": "stateful", "isolation_boundary": "per_user"}""");
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
    }

    @AfterEach
    void stop() {
        gateway.close();
        operator.close();
        collector.close();
        namespace.close();
    }

    @Test
    void waitingForANewInstanceIsASpanOfTheFirstRequestBesideItsUpstreamCall() {
        http.environmentSeenBy("github", "alice");
        String instance =
                McpResources.instanceName(
                        "github", "user:" + McpResources.sha256Hex("user:alice").substring(0, 32));

        Span provision =
                await().atMost(WAIT)
                        .until(
                                () ->
                                        collector.spans().stream()
                                                .filter(
                                                        s ->
                                                                s.getName()
                                                                        .equals(
                                                                                "provision instance"))
                                                .findFirst(),
                                Optional::isPresent)
                        .get();
        assertThat(provision.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(OtlpCollector.attribute(provision, "reflow.instance")).isEqualTo(instance);
        assertThat(OtlpCollector.attribute(provision, "k8s.namespace.name"))
                .isEqualTo(namespace.name());
        assertThat(provision.getStatus().getCode())
                .isNotEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);

        Span request =
                await().atMost(WAIT)
                        .until(() -> span(provision.getParentSpanId()), Optional::isPresent)
                        .get();
        assertThat(request.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(OtlpCollector.attribute(request, "mcp.method.name")).isEqualTo("initialize");
        assertThat(OtlpCollector.attribute(request, "reflow.instance")).isEqualTo(instance);
        Span upstream =
                await().atMost(WAIT)
                        .until(
                                () ->
                                        collector.spans().stream()
                                                .filter(
                                                        s ->
                                                                s.getKind()
                                                                        == Span.SpanKind
                                                                                .SPAN_KIND_CLIENT)
                                                .filter(
                                                        s ->
                                                                s.getParentSpanId()
                                                                        .equals(
                                                                                request
                                                                                        .getSpanId()))
                                                .findFirst(),
                                Optional::isPresent)
                        .get();
        assertThat(upstream.getStartTimeUnixNano())
                .isGreaterThanOrEqualTo(provision.getEndTimeUnixNano());
    }

    private Optional<Span> span(com.google.protobuf.ByteString id) {
        return collector.spans().stream().filter(s -> s.getSpanId().equals(id)).findFirst();
    }
}
