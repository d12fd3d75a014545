package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.reflow.gateway.config.GatewayConfig;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway wired to the Kubernetes transport against the embedded API server (no kubelet or
 * operator: no instance becomes Ready here, the transport's own tests cover that).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class GatewayKubernetesWiringMockTest {

    KubernetesClient client;
    @TempDir Path dir;

    private void installCrds() throws Exception {
        for (String crd :
                new String[] {
                    "mcpinstances.mcp.reflow.io-v1.yml", "mcptargets.mcp.reflow.io-v1.yml"
                }) {
            try (InputStream yaml = getClass().getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(yaml).create();
            }
        }
    }

    @Test
    void reportsTransportReadinessAndRoutesRestartsToIt() throws Exception {
        installCrds();
        String yaml =
                GatewayFixture.yaml(
                        dir,
                        """
                        kubernetes: { enabled: true, namespace: test, startup_timeout: 2s }
                        """);
        try (Gateway gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()), client)) {
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
