package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP Java SDK client talks to the reference server through the gateway; every feature
 * is compared with the same call made directly to the server.
 */
class McpProxySdkTest {

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Gateway gateway;

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.start(
                        dir, GatewayFixture.staticTarget("everything", upstream.mcpUri()));
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

    private static McpSyncClient viaGateway(Consumer<McpClient.SyncSpec> customize) {
        return GatewayFixture.client(
                gateway.baseUri(), "/mcp/everything", GatewayFixture.userToken("alice"), customize);
    }

    private static McpSyncClient direct(Consumer<McpClient.SyncSpec> customize) {
        return GatewayFixture.client(upstream.baseUri(), "/mcp", null, customize);
    }

    private static final Consumer<McpClient.SyncSpec> PLAIN = spec -> {};

    @Test
    void initializeReportsTheSameServerAsDirectly() {
        try (McpSyncClient proxied = viaGateway(PLAIN);
                McpSyncClient plain = direct(PLAIN)) {
            assertThat(proxied.getServerInfo()).isEqualTo(plain.getServerInfo());
            assertThat(proxied.getServerCapabilities()).isEqualTo(plain.getServerCapabilities());
            assertThat(proxied.ping()).isNotNull();
        }
    }

    @Test
    void listsAndCallsToolsLikeDirectly() {
        try (McpSyncClient proxied = viaGateway(PLAIN);
                McpSyncClient plain = direct(PLAIN)) {
            assertThat(GatewayFixture.names(proxied.listTools().tools()))
                    .isEqualTo(GatewayFixture.names(plain.listTools().tools()))
                    .contains("echo", "get-sum");
            McpSchema.CallToolRequest echo =
                    McpSchema.CallToolRequest.builder("echo")
                            .arguments(Map.of("message", "hello through the gateway"))
                            .build();
            assertThat(proxied.callTool(echo)).isEqualTo(plain.callTool(echo));
            McpSchema.CallToolRequest image =
                    McpSchema.CallToolRequest.builder("get-tiny-image").arguments(Map.of()).build();
            McpSchema.CallToolResult binary = proxied.callTool(image);
            assertThat(binary).isEqualTo(plain.callTool(image));
            assertThat(binary.content()).anyMatch(c -> c instanceof McpSchema.ImageContent);
        }
        String metrics =
                GatewayFixture.send(
                                java.net.http.HttpRequest.newBuilder(
                                                gateway.baseUri().resolve("/observe/metrics"))
                                        .header("Accept", "text/plain")
                                        .build())
                        .body();
        assertThat(metrics)
                .contains("reflow_mcp_requests_total{")
                .contains("method=\"tools/call\"")
                .contains("reflow_mcp_request_duration_seconds_bucket{")
                .contains("reflow_mcp_sessions_active");
    }

    @Test
    void streamsProgressOfALongRunningToolBeforeItsResult() {
        List<Long> progressAt = new CopyOnWriteArrayList<>();
        try (McpSyncClient proxied =
                viaGateway(spec -> spec.progressConsumer(p -> progressAt.add(System.nanoTime())))) {
            McpSchema.CallToolResult result =
                    proxied.callTool(
                            McpSchema.CallToolRequest.builder("trigger-long-running-operation")
                                    .arguments(Map.of("duration", 2, "steps", 4))
                                    .progressToken("progress-1")
                                    .build());
            long resultAt = System.nanoTime();
            assertThat(result.content().toString()).contains("Long running operation completed");
            // Notifications reach the consumer on another thread; the last may land just after.
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(progressAt).hasSize(4));
            // Streamed, not buffered: the first step arrived well before the result.
            assertThat(Duration.ofNanos(resultAt - progressAt.get(0)))
                    .isGreaterThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void relaysSamplingAndElicitationRequestsToTheClient() {
        Consumer<McpClient.SyncSpec> capable =
                spec ->
                        spec.capabilities(
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
        try (McpSyncClient proxied = viaGateway(capable)) {
            McpSchema.CallToolResult sampled =
                    proxied.callTool(
                            McpSchema.CallToolRequest.builder("trigger-sampling-request")
                                    .arguments(Map.of("prompt", "say hi"))
                                    .build());
            assertThat(sampled.content().toString()).contains("sampled by the client");
            McpSchema.CallToolResult elicited =
                    proxied.callTool(
                            McpSchema.CallToolRequest.builder("trigger-elicitation-request")
                                    .arguments(Map.of())
                                    .build());
            assertThat(elicited.content().toString()).contains("Ada Lovelace");
        }
    }

    @Test
    void readsResourcesAndPromptsLikeDirectly() {
        try (McpSyncClient proxied = viaGateway(PLAIN);
                McpSyncClient plain = direct(PLAIN)) {
            McpSchema.ListResourcesResult resources = proxied.listResources();
            assertThat(resources).isEqualTo(plain.listResources());
            McpSchema.Resource first = resources.resources().get(0);
            assertThat(proxied.readResource(first)).isEqualTo(plain.readResource(first));
            assertThat(proxied.listResourceTemplates()).isEqualTo(plain.listResourceTemplates());
            McpSchema.ListPromptsResult prompts = proxied.listPrompts();
            assertThat(prompts).isEqualTo(plain.listPrompts());
            McpSchema.GetPromptRequest simple =
                    new McpSchema.GetPromptRequest(prompts.prompts().get(0).name(), Map.of(), null);
            assertThat(proxied.getPrompt(simple)).isEqualTo(plain.getPrompt(simple));
        }
    }

    @Test
    void deliversResourceUpdatesAndLogsOverTheGetStream() {
        List<McpSchema.ResourceContents> updates = new CopyOnWriteArrayList<>();
        List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (McpSyncClient proxied =
                viaGateway(
                        spec ->
                                spec.resourcesUpdateConsumer(updates::addAll)
                                        .loggingConsumer(logs::add))) {
            McpSchema.Resource first = proxied.listResources().resources().get(0);
            proxied.subscribeResource(new McpSchema.SubscribeRequest(first.uri(), null));
            proxied.callTool(
                    McpSchema.CallToolRequest.builder("toggle-subscriber-updates")
                            .arguments(Map.of())
                            .build());
            proxied.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
            proxied.callTool(
                    McpSchema.CallToolRequest.builder("toggle-simulated-logging")
                            .arguments(Map.of())
                            .build());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> {
                                assertThat(updates).isNotEmpty();
                                assertThat(logs).isNotEmpty();
                            });
        }
    }

    @Test
    void completesPromptArgumentsLikeDirectly() {
        try (McpSyncClient proxied = viaGateway(PLAIN);
                McpSyncClient plain = direct(PLAIN)) {
            McpSchema.Prompt withCompletion =
                    proxied.listPrompts().prompts().stream()
                            .filter(p -> p.arguments() != null && !p.arguments().isEmpty())
                            .filter(p -> p.name().contains("complet"))
                            .findFirst()
                            .orElseThrow();
            McpSchema.CompleteRequest request =
                    new McpSchema.CompleteRequest(
                            new McpSchema.PromptReference(withCompletion.name()),
                            new McpSchema.CompleteRequest.CompleteArgument(
                                    withCompletion.arguments().get(0).name(), ""),
                            null,
                            null);
            McpSchema.CompleteResult result = proxied.completeCompletion(request);
            assertThat(result).isEqualTo(plain.completeCompletion(request));
            assertThat(result.completion().values()).isNotEmpty();
        }
    }
}
