package io.reflow.gateway;

import static io.reflow.gateway.AccessFixture.allowEveryone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies on a stdio target (the reference server as a local process): the same filtering and
 * refusals as on HTTP targets, through the SDK client, with JSON and SSE answers.
 */
class AccessStdioTest {

    @TempDir Path dir;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void filtersListsAndRefusesDeniedToolsOfAStdioTarget() {
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(GatewayFixture.yaml(dir, ""), Map.of()),
                        null,
                        Map.of(
                                "PATH",
                                System.getenv("PATH"),
                                "HOME",
                                System.getProperty("user.home")),
                        Clock.systemUTC());
        URI base = gateway.baseUri();
        String target =
                """
                {"name":"everything","transport_type":"stdio","command":"node",\
                "args":["node_modules/@modelcontextprotocol/server-everything/dist/index.js",\
                "stdio"],"working_dir":"%s"}"""
                        .formatted(ReferenceMcpServer.serversDir().toAbsolutePath());
        assertThat(AccessFixture.admin(base, "POST", "/api/targets", target).statusCode())
                .isEqualTo(201);
        AccessFixture.policy(base, allowEveryone("tools", "tool", "^echo$"));
        AccessFixture.policy(base, allowEveryone("prompts", "prompt", "^simple-prompt$"));
        try (McpSyncClient alice =
                GatewayFixture.client(
                        base, "/mcp/everything", GatewayFixture.userToken("alice"), spec -> {})) {
            assertThat(GatewayFixture.names(alice.listTools().tools())).containsExactly("echo");
            assertThat(alice.listPrompts().prompts())
                    .extracting(McpSchema.Prompt::name)
                    .containsExactly("simple-prompt");
            assertThat(alice.listResources().resources()).isEmpty();
            assertThatThrownBy(
                            () ->
                                    alice.callTool(
                                            new McpSchema.CallToolRequest(
                                                    "get-env", Map.of(), null)))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("tool 'get-env' is not allowed");
            McpSchema.CallToolResult echo =
                    alice.callTool(
                            new McpSchema.CallToolRequest("echo", Map.of("message", "s"), null));
            assertThat(((McpSchema.TextContent) echo.content().get(0)).text()).isEqualTo("Echo: s");
        }
        // A raw JSON (not SSE) answer is filtered too.
        String session =
                GatewayFixture.initialize(base, "everything", GatewayFixture.userToken("bob"));
        var list =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        GatewayFixture.userToken("bob"),
                                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}")
                                .header("Accept", "application/json")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"echo\"").doesNotContain("get-env");
    }
}
