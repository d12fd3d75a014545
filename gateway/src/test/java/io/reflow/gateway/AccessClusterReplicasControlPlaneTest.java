package io.reflow.gateway;

import static io.reflow.gateway.AccessFixture.allowEveryone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.kubernetes.TestNamespace;
import io.reflow.mcp.api.MCPAccessPolicy;
import io.reflow.testing.ReferenceMcpServer;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas with {@code store.kind: kubernetes} on the real API server, each with the
 * gateway ServiceAccount's token bound to {@code config/gateway/role.yaml}: a policy made through
 * one replica's API is an MCPAccessPolicy, and the other replica enforces it by its watch.
 */
@RequiresControlPlane
class AccessClusterReplicasControlPlaneTest {

    @TempDir Path dirA;
    @TempDir Path dirB;

    private static Gateway start(Path dir, TestNamespace namespace, String target) {
        String yaml =
                GatewayFixture.yaml(
                                dir,
                                target + "kubernetes: { namespace: " + namespace.name() + " }\n")
                        .replaceFirst("store: \\{[^}]*\\}", "store: { kind: kubernetes }");
        return Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()), namespace.gatewayClient());
    }

    @Test
    void aPolicyMadeOnOneReplicaIsEnforcedByTheOther() {
        try (TestNamespace namespace = TestNamespace.create("access-replicas");
                ReferenceMcpServer upstream = ReferenceMcpServer.start()) {
            String target = GatewayFixture.staticTarget("everything", upstream.mcpUri());
            try (Gateway a = start(dirA, namespace, target);
                    Gateway b = start(dirB, namespace, target);
                    McpSyncClient onB =
                            GatewayFixture.client(
                                    b.baseUri(),
                                    "/mcp/everything",
                                    GatewayFixture.userToken("alice"),
                                    spec -> {})) {
                assertThat(onB.listTools().tools()).hasSizeGreaterThan(2);
                AccessFixture.policy(a.baseUri(), allowEveryone("only-echo", "tool", "^echo$"));
                assertThat(
                                namespace
                                        .admin()
                                        .resources(MCPAccessPolicy.class)
                                        .inNamespace(namespace.name())
                                        .withName("only-echo")
                                        .get())
                        .isNotNull();
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(
                                () ->
                                        assertThat(GatewayFixture.names(onB.listTools().tools()))
                                                .containsExactly("echo"));
                assertThat(
                                AccessFixture.admin(
                                                b.baseUri(),
                                                "DELETE",
                                                "/api/policies/only-echo",
                                                null)
                                        .statusCode())
                        .isEqualTo(204);
                assertThat(onB.listTools().tools()).hasSizeGreaterThan(2);
            }
        }
    }
}
