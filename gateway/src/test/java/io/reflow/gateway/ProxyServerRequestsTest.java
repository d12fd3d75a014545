package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the server sends back to the client during a tool call ({@code sampling/createMessage},
 * {@code elicitation/create}) reach the MCP Java SDK client through the gateway every time, not
 * just most of the time: each round trip is repeated in fresh sessions, under a small per-identity
 * limit (the client's POST carrying its answer needs a free slot while the tool call's stream and
 * the session's GET stream hold two). {@link ProxyAnswersAtLimitTest} repeats them with the
 * identity's limit otherwise full.
 */
class ProxyServerRequestsTest {

    private static final int RUNS = 40;
    private static final int MAX_PER_IDENTITY = 8;
    private static final String TOKEN = GatewayFixture.userToken("alice");

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Gateway gateway;

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.startEverything(
                        dir,
                        upstream.mcpUri(),
                        "max_body_bytes: 65536, max_concurrent_per_identity: "
                                + MAX_PER_IDENTITY
                                + ", stream_keepalive_interval: 200ms");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A client that answers sampling and elicitation requests. */
    static final Consumer<McpClient.SyncSpec> CAPABLE =
            spec ->
                    spec.requestTimeout(Duration.ofSeconds(10))
                            .capabilities(
                                    McpSchema.ClientCapabilities.builder()
                                            .sampling()
                                            .elicitation()
                                            .build())
                            .sampling(
                                    request ->
                                            McpSchema.CreateMessageResult.builder(
                                                            McpSchema.Role.ASSISTANT,
                                                            new McpSchema.TextContent(
                                                                    null,
                                                                    "sampled by the client",
                                                                    null),
                                                            "test-model")
                                                    .build())
                            .elicitation(
                                    request ->
                                            new McpSchema.ElicitResult(
                                                    McpSchema.ElicitResult.Action.ACCEPT,
                                                    Map.of("name", "Ada Lovelace"),
                                                    null));

    @Test
    void everySamplingAndElicitationRoundTripCompletes() {
        for (int run = 0; run < RUNS; run++) {
            try (McpSyncClient client =
                    GatewayFixture.client(gateway.baseUri(), "/mcp/everything", TOKEN, CAPABLE)) {
                roundTrips(client, run);
            }
        }
    }

    /** A sampling and an elicitation round trip; each must give the client's answer back. */
    static void roundTrips(McpSyncClient client, int run) {
        McpSchema.CallToolResult sampled =
                client.callTool(
                        McpSchema.CallToolRequest.builder("trigger-sampling-request")
                                .arguments(Map.of("prompt", "run " + run))
                                .build());
        assertThat(sampled.content().toString())
                .as("run %d", run)
                .contains("sampled by the client");
        McpSchema.CallToolResult elicited =
                client.callTool(
                        McpSchema.CallToolRequest.builder("trigger-elicitation-request")
                                .arguments(Map.of())
                                .build());
        assertThat(elicited.content().toString()).as("run %d", run).contains("Ada Lovelace");
    }
}
