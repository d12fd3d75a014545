package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.kubernetes.TestNamespace;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/instances} for the Kubernetes transport against the real API server, the gateway
 * using its ServiceAccount's token bound to the chart's Role. No operator or node runs: the
 * MCPInstance a user's first request creates stays Pending, which is what the API must show, and
 * the informer's add and delete reach the event stream.
 */
@RequiresControlPlane
class InstancesApiControlPlaneTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void listsAndStreamsTheUsersMcpInstanceAndDeletesItOnRestart() throws Exception {
        try (TestNamespace namespace = TestNamespace.create("instances-api")) {
            String yaml =
                    GatewayFixture.yaml(
                            dir,
                            "kubernetes: { enabled: true, namespace: "
                                    + namespace.name()
                                    + ", startup_timeout: 1s }\n");
            try (Gateway gateway =
                    Gateway.start(
                            GatewayConfig.fromYaml(yaml, Map.of()), namespace.gatewayClient())) {
                run(gateway.baseUri(), namespace);
            }
        }
    }

    private void run(URI base, TestNamespace namespace) throws Exception {
        HttpResponse<String> created =
                send(
                        HttpRequest.newBuilder(base.resolve("/api/targets"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"name\":\"pods\",\"transport_type\":"
                                                        + "\"kubernetes\",\"image\":\"x/y:1\"}"))
                                .build());
        assertThat(created.statusCode()).isEqualTo(201);
        String alice = GatewayFixture.userToken("alice");
        try (InstanceEventStream stream = new InstanceEventStream(base, alice)) {
            assertThat(stream.next(list -> true, WAIT)).isEmpty();
            // No operator: the instance never becomes Ready and the request times out (504).
            send(GatewayFixture.mcpPost(base, "pods", alice, GatewayFixture.INITIALIZE).build());

            JsonNode pushed = stream.next(list -> !list.isEmpty(), WAIT);
            JsonNode instance = pushed.get(0);
            assertThat(instance.path("target").asText()).isEqualTo("pods");
            assertThat(instance.path("transport").asText()).isEqualTo("kubernetes");
            assertThat(instance.path("phase").asText()).isEqualTo("Pending");
            assertThat(instance.path("restartable").asBoolean()).isTrue();
            String name = instance.path("id").asText();
            assertThat(name).startsWith("pods-");
            assertThat(list(base, GatewayFixture.userToken("bob"))).isEmpty();
            assertThat(list(base, ADMIN_TOKEN).findValuesAsText("id")).containsExactly(name);

            HttpResponse<String> restarted =
                    send(
                            HttpRequest.newBuilder(
                                            base.resolve("/api/instances/" + name + "/restart"))
                                    .header("Authorization", "Bearer " + alice)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build());
            assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
            stream.next(JsonNode::isEmpty, WAIT);
            await().atMost(WAIT)
                    .until(
                            () ->
                                    namespace
                                                    .admin()
                                                    .resources(MCPInstance.class)
                                                    .inNamespace(namespace.name())
                                                    .withName(name)
                                                    .get()
                                            == null);
        }
    }

    private static JsonNode list(URI base, String token) throws Exception {
        HttpResponse<String> answer =
                send(
                        HttpRequest.newBuilder(base.resolve("/api/instances"))
                                .header("Authorization", "Bearer " + token)
                                .build());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
