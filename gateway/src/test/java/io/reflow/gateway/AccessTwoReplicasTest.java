package io.reflow.gateway;

import static io.reflow.gateway.AccessFixture.allowEveryone;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.testing.ReferenceMcpServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas sharing one data directory (as two pods mounting one volume): a policy made on one
 * applies to the very next request on the other, with no restart and no wait.
 */
class AccessTwoReplicasTest {

    @TempDir Path shared;

    @Test
    void aPolicyMadeOnOneReplicaAppliesToTheNextRequestOnTheOther() {
        try (ReferenceMcpServer upstream = ReferenceMcpServer.start()) {
            String target = GatewayFixture.staticTarget("everything", upstream.mcpUri());
            try (Gateway a = GatewayFixture.start(shared, target);
                    Gateway b = GatewayFixture.start(shared, target);
                    McpSyncClient onB =
                            GatewayFixture.client(
                                    b.baseUri(),
                                    "/mcp/everything",
                                    GatewayFixture.userToken("alice"),
                                    spec -> {})) {
                assertThat(onB.listTools().tools()).hasSizeGreaterThan(2);
                AccessFixture.policy(a.baseUri(), allowEveryone("only-echo", "tool", "^echo$"));
                assertThat(GatewayFixture.names(onB.listTools().tools())).containsExactly("echo");
                assertThat(
                                AccessFixture.admin(
                                                b.baseUri(),
                                                "DELETE",
                                                "/api/policies/only-echo",
                                                null)
                                        .statusCode())
                        .isEqualTo(204);
                try (McpSyncClient onA =
                        GatewayFixture.client(
                                a.baseUri(),
                                "/mcp/everything",
                                GatewayFixture.userToken("alice"),
                                spec -> {})) {
                    assertThat(onA.listTools().tools()).hasSizeGreaterThan(2);
                }
            }
        }
    }
}
