package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Java SDK client against {@code /mcp} of a gateway with four targets: {@code alpha} (the
 * reference server over streamable HTTP, with {@code AGG_MARK=alpha} in its environment), {@code
 * beta} (the reference server over stdio, started by the gateway), {@code delta} (alpha's server
 * again with {@code tool_prefix: alpha_}, so every name clashes) and {@code gamma} (nothing
 * listens). A second replica shares only the session key.
 */
class AggregateEndpointSdkTest {

    @TempDir static Path dirA;
    @TempDir static Path dirB;
    static ReferenceMcpServer alpha;
    static Gateway gateway;
    static Gateway replica;

    @BeforeAll
    static void start() {
        alpha = ReferenceMcpServer.start(Map.of("AGG_MARK", "alpha"));
        gateway = startGateway(dirA);
        replica = startGateway(dirB);
    }

    static Gateway startGateway(Path dir) {
        String targets =
                """
                targets:
                  - { name: alpha, transport_type: streamable-http, url: "%s" }
                  - { name: beta, transport_type: stdio, command: node, working_dir: "%s",
                      args: ["node_modules/@modelcontextprotocol/server-everything/dist/index.js", stdio] }
                  - { name: delta, transport_type: streamable-http, url: "%s", tool_prefix: alpha_ }
                  - { name: gamma, transport_type: streamable-http, url: "http://127.0.0.1:%d/mcp" }
                """
                        .formatted(
                                alpha.mcpUri(),
                                ReferenceMcpServer.serversDir().toAbsolutePath(),
                                alpha.mcpUri(),
                                ReferenceMcpServer.freePort());
        return Gateway.start(
                GatewayConfig.fromYaml(GatewayFixture.yaml(dir, targets), Map.of()),
                null,
                Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home")),
                java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {replica, gateway, alpha}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // Best effort.
            }
        }
    }

    private static McpSyncClient client(URI base, Consumer<McpClient.SyncSpec> customize) {
        return GatewayFixture.client(base, "/mcp", GatewayFixture.userToken("alice"), customize);
    }

    private static McpSyncClient client() {
        return client(gateway.baseUri(), spec -> {});
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static McpSchema.CallToolResult call(
            McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    @Test
    void listsTheToolsOfEveryUsableTargetPrefixedWithEveryOtherFieldIntact() {
        try (McpSyncClient aggregate = client();
                McpSyncClient direct =
                        GatewayFixture.client(alpha.baseUri(), "/mcp", null, spec -> {})) {
            List<McpSchema.Tool> tools = aggregate.listTools().tools();
            List<String> names = GatewayFixture.names(tools);
            assertThat(names).contains("alpha_echo", "alpha_get-env", "beta_echo", "beta_get-env");
            assertThat(names).noneMatch(n -> n.startsWith("gamma_") || n.startsWith("delta_"));
            assertThat(names).doesNotHaveDuplicates();
            for (McpSchema.Tool plain : direct.listTools().tools()) {
                McpSchema.Tool shown =
                        tools.stream()
                                .filter(t -> t.name().equals("alpha_" + plain.name()))
                                .findFirst()
                                .orElseThrow();
                assertThat(shown.inputSchema()).isEqualTo(plain.inputSchema());
                assertThat(shown.outputSchema()).isEqualTo(plain.outputSchema());
                assertThat(shown.annotations()).isEqualTo(plain.annotations());
                assertThat(shown.description()).isEqualTo(plain.description());
                assertThat(shown.meta()).isEqualTo(plain.meta());
            }
            assertThat(aggregate.getServerCapabilities().tools()).isNotNull();
            assertThat(aggregate.getServerInfo().name()).isEqualTo("reflow-gateway");
        }
    }

    @Test
    void routesToolCallsToTheTargetOfTheirPrefix() {
        try (McpSyncClient aggregate = client()) {
            assertThat(text(call(aggregate, "alpha_get-env", Map.of()))).contains("AGG_MARK");
            assertThat(text(call(aggregate, "beta_get-env", Map.of()))).doesNotContain("AGG_MARK");
            assertThat(text(call(aggregate, "beta_echo", Map.of("message", "hi"))))
                    .isEqualTo("Echo: hi");
        }
    }

    @Test
    void refusesAnUnknownToolNamingIt() {
        try (McpSyncClient aggregate = client()) {
            assertThatThrownBy(() -> call(aggregate, "nowhere_echo", Map.of()))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("unknown tool 'nowhere_echo'");
        }
    }

    @Test
    void pagesResourcesAcrossTargetsAndRefusesATamperedCursor() {
        try (McpSyncClient aggregate = client()) {
            List<McpSchema.ListResourcesResult> pages = new ArrayList<>();
            String cursor = null;
            do {
                McpSchema.ListResourcesResult page = aggregate.listResources(cursor);
                pages.add(page);
                cursor = page.nextCursor();
            } while (cursor != null && pages.size() < 100);
            int total = pages.stream().mapToInt(p -> p.resources().size()).sum();
            try (McpSyncClient direct =
                    GatewayFixture.client(alpha.baseUri(), "/mcp", null, spec -> {})) {
                // alpha's, beta's and delta's resources (the same reference server), page by page.
                assertThat(total).isEqualTo(3 * direct.listResources().resources().size());
            }
            assertThat(pages.size()).isGreaterThan(2);
            McpSchema.Resource last = pages.getLast().resources().getLast();
            assertThat(aggregate.readResource(last).contents()).isNotEmpty();
            assertThatThrownBy(() -> aggregate.listResources("bm90LWEtY3Vyc29y"))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("cursor");
        }
    }

    @Test
    void leavesOutATargetThatIsDownAndCountsIt() {
        try (McpSyncClient aggregate = client()) {
            assertThat(aggregate.ping()).isNotNull();
            assertThat(GatewayFixture.names(aggregate.listTools().tools()))
                    .noneMatch(n -> n.startsWith("gamma_"));
        }
        String metrics =
                GatewayFixture.send(
                                HttpRequest.newBuilder(
                                                gateway.baseUri().resolve("/observe/metrics"))
                                        .build())
                        .body();
        assertThat(metrics).contains("reflow_mcp_aggregate_targets_skipped_total{target=\"gamma\"");
    }

    @Test
    void resolvesAClashByPrecedenceAndCountsIt() {
        try (McpSyncClient aggregate = client()) {
            List<String> names = GatewayFixture.names(aggregate.listTools().tools());
            // delta shows its tools as alpha_*, like alpha; alpha sorts first and keeps them.
            assertThat(names.stream().filter(n -> n.equals("alpha_echo"))).hasSize(1);
            assertThat(text(call(aggregate, "alpha_get-env", Map.of()))).contains("AGG_MARK");
        }
        String metrics =
                GatewayFixture.send(
                                HttpRequest.newBuilder(
                                                gateway.baseUri().resolve("/observe/metrics"))
                                        .build())
                        .body();
        assertThat(metrics)
                .contains("reflow_mcp_aggregate_name_collisions_total{target=\"delta\"}");
    }

    @Test
    void relaysSamplingAndElicitationOfEachTargetAndRoutesTheAnswersBack() {
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
        try (McpSyncClient aggregate = client(gateway.baseUri(), capable)) {
            assertThat(
                            call(
                                            aggregate,
                                            "alpha_trigger-sampling-request",
                                            Map.of("prompt", "hi"))
                                    .content()
                                    .toString())
                    .contains("sampled by the client");
            assertThat(
                            call(aggregate, "beta_trigger-elicitation-request", Map.of())
                                    .content()
                                    .toString())
                    .contains("Ada Lovelace");
        }
    }

    @Test
    void deliversNotificationsOfTargetsOnTheMergedGetStream() {
        List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (McpSyncClient aggregate =
                client(gateway.baseUri(), spec -> spec.loggingConsumer(logs::add))) {
            aggregate.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
            call(aggregate, "beta_toggle-simulated-logging", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> !logs.isEmpty());
        }
    }

    @Test
    void servesASessionOnASecondReplica() {
        HttpResponse<String> init =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        gateway.baseUri().resolve("/mcp"),
                                        GatewayFixture.userToken("alice"),
                                        GatewayFixture.INITIALIZE)
                                .build());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("mcp-session-id").orElseThrow();
        assertThat(session.length()).isLessThan(4096);
        HttpResponse<String> call =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        replica.baseUri().resolve("/mcp"),
                                        GatewayFixture.userToken("alice"),
                                        """
                                        {"jsonrpc":"2.0","id":2,"method":"tools/call",\
                                        "params":{"name":"alpha_echo","arguments":{"message":"hop"}}}""")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("Echo: hop");
        HttpResponse<String> stdio =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        replica.baseUri().resolve("/mcp"),
                                        GatewayFixture.userToken("alice"),
                                        """
                                        {"jsonrpc":"2.0","id":4,"method":"tools/call",\
                                        "params":{"name":"beta_echo","arguments":{"message":"hop"}}}""")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        // A stdio target's process, and its session, live on the replica that started it: the
        // other replica answers 404 naming it, and the client initializes again there.
        assertThat(stdio.statusCode()).isEqualTo(404);
        assertThat(stdio.body()).contains("target 'beta'");
        HttpResponse<String> otherUser =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        replica.baseUri().resolve("/mcp"),
                                        GatewayFixture.userToken("bob"),
                                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}")
                                .header("Mcp-Session-Id", session)
                                .build());
        assertThat(otherUser.statusCode()).isEqualTo(404);
    }

    @Test
    void relaysProgressOfALongRunningToolBeforeItsResult() {
        List<Object> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient aggregate =
                client(gateway.baseUri(), spec -> spec.progressConsumer(p -> progress.add(p)))) {
            McpSchema.CallToolResult result =
                    aggregate.callTool(
                            McpSchema.CallToolRequest.builder("beta_trigger-long-running-operation")
                                    .arguments(Map.of("duration", 1, "steps", 3))
                                    .progressToken("progress-through-mcp")
                                    .build());
            assertThat(result.content().toString()).contains("Long running operation completed");
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() == 3);
        }
    }

    @Test
    void aTargetAddedLaterJoinsTheNextSessionAndRenamesNothing() {
        List<String> before;
        try (McpSyncClient aggregate = client()) {
            before = GatewayFixture.names(aggregate.listTools().tools());
        }
        String target =
                "{\"name\":\"epsilon\",\"transport_type\":\"streamable-http\",\"url\":\""
                        + alpha.mcpUri()
                        + "\"}";
        HttpResponse<String> created =
                GatewayFixture.send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets"))
                                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(target))
                                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try (McpSyncClient aggregate = client()) {
            List<String> after = GatewayFixture.names(aggregate.listTools().tools());
            assertThat(after).containsAll(before).contains("epsilon_echo");
            assertThat(after.stream().filter(n -> !n.startsWith("epsilon_")).toList())
                    .isEqualTo(before);
        } finally {
            GatewayFixture.send(
                    HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets/epsilon"))
                            .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                            .DELETE()
                            .build());
        }
    }

    @Test
    void refusesAnUnknownMethodAndAClientWithoutToken() {
        try (McpSyncClient aggregate = client()) {
            assertThat(aggregate.listPrompts().prompts())
                    .extracting(McpSchema.Prompt::name)
                    .contains("alpha_simple-prompt", "beta_simple-prompt");
        }
        HttpResponse<String> anonymous =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        gateway.baseUri().resolve("/mcp"),
                                        null,
                                        GatewayFixture.INITIALIZE)
                                .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).isPresent();
    }
}
