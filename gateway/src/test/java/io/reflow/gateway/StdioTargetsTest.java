package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.MovableClock;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdio targets end to end: the reference MCP server in stdio mode as a local process behind the
 * gateway, reached with the MCP Java SDK client and raw Streamable HTTP.
 */
class StdioTargetsTest {

    private static final String ENCRYPTION_KEY_VALUE = "gateway-own-encryption-key-0123456789";
    private static final String JWT_SECRET_VALUE = "gateway-own-jwt-secret-0123456789";

    @TempDir Path dir;
    private final MovableClock clock = new MovableClock();
    private Gateway gateway;
    private URI base;

    private void start(String extra) {
        Map<String, String> environment =
                Map.of(
                        "PATH",
                        System.getenv("PATH"),
                        "HOME",
                        System.getProperty("user.home"),
                        "ENCRYPTION_KEY",
                        ENCRYPTION_KEY_VALUE,
                        "JWT_SECRET",
                        JWT_SECRET_VALUE);
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(GatewayFixture.yaml(dir, extra), Map.of()),
                        null,
                        environment,
                        clock);
        base = gateway.baseUri();
        Path servers = ReferenceMcpServer.serversDir();
        // The command as a plain string, as Reflow writes it.
        String target =
                """
                {"name":"everything","transport_type":"stdio","command":"node",\
                "args":["node_modules/@modelcontextprotocol/server-everything/dist/index.js",\
                "stdio"],"working_dir":"%s"}"""
                        .formatted(servers.toAbsolutePath());
        assertThat(admin("POST", "/api/targets", target).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void servesToolsOfAStdioServer() {
        start("");
        try (McpSyncClient client = client("alice")) {
            assertThat(GatewayFixture.names(client.listTools().tools()))
                    .contains("echo", "get-env");
            McpSchema.CallToolResult echo =
                    client.callTool(
                            new McpSchema.CallToolRequest(
                                    "echo", Map.of("message", "over stdio"), null));
            assertThat(text(echo)).isEqualTo("Echo: over stdio");
        }
    }

    @Test
    void countsRequestsToAStdioTargetInTheProxyMetrics() {
        start("");
        String calls =
                "reflow_mcp_requests_total{target=\"everything\",method=\"tools/call\",status=\"200\"}";
        double before = GatewayFixture.metricValue(base, calls);
        try (McpSyncClient client = client("alice")) {
            client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "one"), null));
            client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "two"), null));
        }
        assertThat(GatewayFixture.metricValue(base, calls)).isEqualTo(before + 2);
    }

    @Test
    void relaysSamplingRequestsOfTheServerToTheClient() {
        start("");
        try (McpSyncClient client =
                GatewayFixture.client(
                        base,
                        "/mcp/everything",
                        GatewayFixture.userToken("alice"),
                        spec ->
                                spec.capabilities(
                                                McpSchema.ClientCapabilities.builder()
                                                        .sampling()
                                                        .build())
                                        .sampling(
                                                request ->
                                                        McpSchema.CreateMessageResult.builder(
                                                                        McpSchema.Role.ASSISTANT,
                                                                        new McpSchema.TextContent(
                                                                                null,
                                                                                "sampled by the"
                                                                                        + " client",
                                                                                null),
                                                                        "test-model")
                                                                .build()))) {
            McpSchema.CallToolResult result =
                    client.callTool(
                            new McpSchema.CallToolRequest(
                                    "trigger-sampling-request", Map.of("prompt", "hi"), null));
            assertThat(text(result)).contains("sampled by the client");
        }
    }

    @Test
    void givesEachUserAProcessWithTheirOwnEnvAndNoneOfTheGatewaySecrets() {
        start("");
        assertThat(
                        admin(
                                        "PUT",
                                        "/api/targets/everything/env/user/alice",
                                        "{\"GREETING\":\"alice-value\"}")
                                .statusCode())
                .isEqualTo(200);
        admin("PUT", "/api/targets/everything/env/user/bob", "{\"GREETING\":\"bob-value\"}");
        String alice = env("alice");
        String bob = env("bob");
        assertThat(alice).contains("alice-value").doesNotContain("bob-value").contains("PATH");
        assertThat(bob).contains("bob-value").doesNotContain("alice-value");
        for (String env : List.of(alice, bob)) {
            assertThat(env)
                    .doesNotContain(ENCRYPTION_KEY_VALUE)
                    .doesNotContain(JWT_SECRET_VALUE)
                    .doesNotContain("ENCRYPTION_KEY")
                    .doesNotContain("JWT_SECRET");
        }
    }

    @Test
    void sharesAProcessBetweenSessionsOfOneSubjectOnlyWhenStateless() {
        start("");
        String stateless =
                """
                {"name":"stateless","transport_type":"stdio","command":"node",\
                "args":["node_modules/@modelcontextprotocol/server-everything/dist/index.js",\
                "stdio"],"working_dir":"%s","statefulness":"stateless"}"""
                        .formatted(ReferenceMcpServer.serversDir().toAbsolutePath());
        assertThat(admin("POST", "/api/targets", stateless).statusCode()).isEqualTo(201);
        String token = GatewayFixture.userToken("alice");
        String first = GatewayFixture.initialize(base, "stateless", token);
        String second = GatewayFixture.initialize(base, "stateless", token);
        assertThat(everythingProcesses()).hasSize(1);
        assertThat(first).isNotEqualTo(second);
        assertThat(toolsList("stateless", token, first).body()).contains("echo");
        assertThat(toolsList("stateless", token, second).body()).contains("echo");
        GatewayFixture.initialize(base, "everything", token);
        GatewayFixture.initialize(base, "everything", token);
        assertThat(everythingProcesses()).hasSize(3);
    }

    @Test
    void stopsIdleProcessesAndTheirSessionsAnswer404() {
        start("stdio: { idle_ttl: 5m, gc_interval: 100ms }");
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", token);
        assertThat(toolsList(token, session).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> toolsList(token, session).statusCode() == 404);
        // A new session starts a new process.
        String again = GatewayFixture.initialize(base, "everything", token);
        assertThat(toolsList(token, again).statusCode()).isEqualTo(200);
    }

    @Test
    void stopsProcessesPastMaxLifetimeEvenWhenInUse() {
        start("stdio: { idle_ttl: 1h, max_lifetime: 10m, gc_interval: 100ms }");
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", token);
        clock.advance(Duration.ofMinutes(9));
        assertThat(toolsList(token, session).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> toolsList(token, session).statusCode() == 404);
    }

    @Test
    void stopsAProcessThatWritesAnOverlongLine() {
        start("");
        // A real process that answers the first line it reads with 5 MiB and no newline.
        String flood =
                "process.stdin.once('data', () => process.stdout.write('x'.repeat(5 * 1024 *"
                        + " 1024))); setInterval(() => {}, 1000);";
        String target =
                "{\"name\":\"flood\",\"transport_type\":\"stdio\",\"command\":[\"node\",\"-e\","
                        + GatewayFixture.jsonString(flood)
                        + "]}";
        assertThat(admin("POST", "/api/targets", target).statusCode()).isEqualTo(201);
        HttpResponse<String> response =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "flood",
                                        GatewayFixture.userToken("alice"),
                                        GatewayFixture.INITIALIZE)
                                .build());
        assertThat(response.body()).contains("over 4194304 bytes").contains("\"id\":1");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                ProcessHandle.current()
                                        .descendants()
                                        .filter(ProcessHandle::isAlive)
                                        .noneMatch(
                                                p ->
                                                        p.info()
                                                                .commandLine()
                                                                .orElse("")
                                                                .contains("process.stdin")));
    }

    @Test
    void refusesProcessesBeyondMaxProcessesWithRetryAfter() {
        start("stdio: { max_processes: 1 }");
        GatewayFixture.initialize(base, "everything", GatewayFixture.userToken("alice"));
        HttpResponse<String> refused =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        GatewayFixture.userToken("bob"),
                                        GatewayFixture.INITIALIZE)
                                .build());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(refused.body()).contains("stdio.max_processes");
    }

    @Test
    void reportsACrashedProcessAndStartsAFreshOneOnTheNextInitialize() throws Exception {
        start("");
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", token);
        // Lines: the future completes with the response head, once the request is in flight.
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> longCall =
                GatewayFixture.HTTP.sendAsync(
                        post(
                                token,
                                session,
                                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                                        + "{\"name\":\"trigger-long-running-operation\","
                                        + "\"arguments\":{\"duration\":30,\"steps\":3}}}"),
                        HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> inFlight =
                longCall.get(20, java.util.concurrent.TimeUnit.SECONDS);
        everythingProcesses().forEach(ProcessHandle::destroyForcibly);
        String failed = String.join("\n", inFlight.body().toList());
        assertThat(failed).contains("\"id\":7").contains("exited");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> toolsList(token, session).statusCode() == 404);
        String again = GatewayFixture.initialize(base, "everything", token);
        assertThat(toolsList(token, again).statusCode()).isEqualTo(200);
    }

    @Test
    void restartInstancesStopsTheTargetsProcesses() {
        start("");
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", token);
        HttpResponse<String> restarted =
                admin("POST", "/api/targets/everything/restart-instances", "");
        assertThat(restarted.body()).contains("\"restarted\":1");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> toolsList(token, session).statusCode() == 404);
    }

    @Test
    void restartsProcessesWhenTheirEnvConfigsChange() {
        start("");
        String token = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", token);
        admin("PUT", "/api/targets/everything/env/user/alice", "{\"API_KEY\":\"rotated-key\"}");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> toolsList(token, session).statusCode() == 404);
        assertThat(env("alice")).contains("rotated-key");
    }

    @Test
    void leavesNoProcessRunningWhenTheGatewayStops() {
        start("");
        GatewayFixture.initialize(base, "everything", GatewayFixture.userToken("alice"));
        assertThat(everythingProcesses()).isNotEmpty();
        gateway.close();
        gateway = null;
        assertThat(everythingProcesses()).isEmpty();
    }

    private static List<ProcessHandle> everythingProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(
                        p ->
                                p.info().arguments().stream()
                                        .flatMap(java.util.Arrays::stream)
                                        .anyMatch(a -> a.contains("server-everything")))
                .filter(
                        p ->
                                p.info().arguments().stream()
                                        .flatMap(java.util.Arrays::stream)
                                        .anyMatch(a -> a.equals("stdio")))
                .toList();
    }

    private String env(String user) {
        try (McpSyncClient client = client(user)) {
            return text(client.callTool(new McpSchema.CallToolRequest("get-env", Map.of(), null)));
        }
    }

    private McpSyncClient client(String user) {
        return GatewayFixture.client(
                base, "/mcp/everything", GatewayFixture.userToken(user), spec -> {});
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private HttpRequest post(String token, String session, String json) {
        return post("everything", token, session, json);
    }

    private HttpRequest post(String target, String token, String session, String json) {
        return GatewayFixture.mcpPost(base, target, token, json)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18")
                .build();
    }

    private HttpResponse<String> toolsList(String token, String session) {
        return toolsList("everything", token, session);
    }

    private HttpResponse<String> toolsList(String target, String token, String session) {
        return GatewayFixture.send(
                post(
                        target,
                        token,
                        session,
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        return GatewayFixture.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }
}
