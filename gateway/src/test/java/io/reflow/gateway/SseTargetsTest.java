package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sse targets end to end: the reference MCP server in its legacy HTTP+SSE mode behind the gateway,
 * reached with the MCP Java SDK's Streamable HTTP client.
 */
class SseTargetsTest {

    @TempDir Path dir;
    private ReferenceMcpServer server;
    private Gateway gateway;
    private URI base;

    @BeforeEach
    void start() {
        server = ReferenceMcpServer.startSse();
        gateway = GatewayFixture.start(dir, "");
        base = gateway.baseUri();
        HttpResponse<String> created =
                GatewayFixture.send(
                        HttpRequest.newBuilder(base.resolve("/api/targets"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"name\":\"legacy\",\"transport_type\":\"sse\","
                                                        + "\"url\":\""
                                                        + server.baseUri().resolve("/sse")
                                                        + "\"}"))
                                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        gateway.close();
        server.close();
    }

    @Test
    void servesToolsOfALegacySseServer() {
        try (McpSyncClient client =
                GatewayFixture.client(
                        base, "/mcp/legacy", GatewayFixture.userToken("alice"), spec -> {})) {
            assertThat(GatewayFixture.names(client.listTools().tools())).contains("echo");
            McpSchema.CallToolResult echo =
                    client.callTool(
                            new McpSchema.CallToolRequest(
                                    "echo", Map.of("message", "over sse"), null));
            assertThat(((McpSchema.TextContent) echo.content().get(0)).text())
                    .isEqualTo("Echo: over sse");
        }
    }

    @Test
    void keepsTheClientSessionWhenTheServerComesBackAfterItsStreamDropped() {
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "legacy", token);
        assertThat(echo(token, session, "before").body()).contains("Echo: before");
        int port = server.port();
        server.close();
        server = ReferenceMcpServer.startSseOn(port);
        // The gateway reconnects and opens a server session with the client's initialize: the
        // client's session id goes on working, with no initialize of its own.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> echo(token, session, "after").body().contains("Echo: after"));
    }

    private HttpResponse<String> echo(String token, String session, String message) {
        return GatewayFixture.send(
                GatewayFixture.mcpPost(
                                base,
                                "legacy",
                                token,
                                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                                        + "\"params\":{\"name\":\"echo\",\"arguments\":"
                                        + "{\"message\":\""
                                        + message
                                        + "\"}}}")
                        .header("Mcp-Session-Id", session)
                        .header("MCP-Protocol-Version", "2025-06-18")
                        .build());
    }

    @Test
    void endsSessionsWhenTheServerGoes() {
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "legacy", token);
        server.close();
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                GatewayFixture.send(
                                                        GatewayFixture.mcpPost(
                                                                        base,
                                                                        "legacy",
                                                                        token,
                                                                        "{\"jsonrpc\":\"2.0\",\"id\":2,"
                                                                                + "\"method\":\"tools/list\"}")
                                                                .header("Mcp-Session-Id", session)
                                                                .header(
                                                                        "MCP-Protocol-Version",
                                                                        "2025-06-18")
                                                                .build())
                                                .statusCode()
                                        == 404);
    }
}
