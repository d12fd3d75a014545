package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.kubernetes.TestNamespace;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway wired to the Kubernetes transport against the real API server, with the token of the
 * gateway's ServiceAccount bound to the chart's Role (no operator or node: no instance becomes
 * Ready here, the transport's own tests cover that).
 */
@RequiresControlPlane
class GatewayKubernetesWiringControlPlaneTest {

    @TempDir Path dir;

    @Test
    void reportsTransportReadinessAndRoutesRestartsToIt() throws Exception {
        try (TestNamespace namespace = TestNamespace.create("wiring")) {
            reportsTransportReadinessAndRoutesRestartsToIt(namespace);
        }
    }

    private void reportsTransportReadinessAndRoutesRestartsToIt(TestNamespace namespace)
            throws Exception {
        String yaml =
                GatewayFixture.yaml(
                        dir,
                        "kubernetes: { enabled: true, namespace: "
                                + namespace.name()
                                + ", startup_timeout: 2s }\n");
        try (Gateway gateway =
                Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()), namespace.gatewayClient())) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    send(HttpRequest.newBuilder(
                                                                            gateway.baseUri()
                                                                                    .resolve(
                                                                                            "/health"))
                                                                    .build())
                                                            .body())
                                            .contains("\"kubernetes\":\"ready\""));
            HttpResponse<String> created =
                    send(
                            HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets"))
                                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"name\":\"pods\",\"transport_type\":"
                                                            + "\"kubernetes\",\"image\":\"x/y:1\"}"))
                                    .build());
            assertThat(created.statusCode()).isEqualTo(201);
            HttpResponse<String> restarted =
                    send(
                            HttpRequest.newBuilder(
                                            gateway.baseUri()
                                                    .resolve("/api/targets/pods/restart-instances"))
                                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build());
            assertThat(restarted.statusCode()).isEqualTo(200);
            assertThat(restarted.body()).isEqualTo("{\"restarted\":0}");
        }
    }
}
