package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail over real requests: one record per MCP request (on {@code /mcp/{target}} and on
 * {@code /mcp}) and admin change, on standard output, in the rotating file and from {@code
 * /api/logs}; none of them holds a token, an env value or an argument value.
 */
class AuditTrailTest {

    private static final String ENV_SECRET = "env-value-s3cret-7731";
    private static final String ARGUMENT_SECRET = "argument-marker-s3cret-4410";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private ReferenceMcpServer upstream;
    private Gateway gateway;
    private URI base;
    private PrintStream originalOut;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.start(
                        dir,
                        "audit: { file: \"%s\", max_file_bytes: 1024, max_files: 3, ring_size: 500 }"
                                .formatted(dir.resolve("audit/audit.log")));
        base = gateway.baseUri();
        String target =
                "{\"name\":\"everything\",\"transport_type\":\"streamable-http\",\"url\":\"%s\","
                        + "\"auth_type\":\"bearer\"}";
        assertThat(
                        AccessFixture.admin(
                                        base,
                                        "POST",
                                        "/api/targets",
                                        target.formatted(upstream.mcpUri()))
                                .statusCode())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        System.setOut(originalOut);
        gateway.close();
        upstream.close();
    }

    @Test
    void noTokenEnvValueOrArgumentReachesAnyAuditOutput() throws Exception {
        String user = GatewayFixture.userToken("alice");
        AccessFixture.admin(
                base,
                "PUT",
                "/api/targets/everything/env/default",
                "{\"AUTH_TOKEN\":\"" + ENV_SECRET + "\",\"OTHER\":\"" + ENV_SECRET + "\"}");
        try (McpSyncClient alice =
                GatewayFixture.client(base, "/mcp/everything", user, spec -> {})) {
            alice.listTools();
            alice.callTool(
                    new McpSchema.CallToolRequest(
                            "echo", Map.of("message", ARGUMENT_SECRET), null));
            alice.getPrompt(
                    new McpSchema.GetPromptRequest(
                            "args-prompt", Map.of("city", ARGUMENT_SECRET), null));
        }
        try (McpSyncClient aggregate = GatewayFixture.client(base, "/mcp", user, spec -> {})) {
            aggregate.callTool(
                    new McpSchema.CallToolRequest(
                            "everything_echo", Map.of("message", ARGUMENT_SECRET), null));
        }
        AccessFixture.policy(base, AccessFixture.allowEveryone("p", "tool", ARGUMENT_SECRET));
        HttpResponse<String> logs = AccessFixture.admin(base, "GET", "/api/logs?limit=1000", null);
        assertThat(logs.statusCode()).isEqualTo(200);

        String file = readAll(dir.resolve("audit"));
        List<String> outputs = List.of(stdout.toString(StandardCharsets.UTF_8), file, logs.body());
        for (String output : outputs) {
            assertThat(output)
                    .contains("\"method\":\"tools/call\"")
                    .contains("\"item\":\"echo\"")
                    .contains("\"item\":\"everything_echo\"");
            for (String secret :
                    List.of(
                            user,
                            GatewayFixture.ADMIN_TOKEN,
                            GatewayFixture.JWT_SECRET,
                            GatewayFixture.SESSION_KEY,
                            ENV_SECRET,
                            ARGUMENT_SECRET)) {
                assertThat(output).doesNotContain(secret);
            }
        }
        // The small max_file_bytes rotated the file; at most max_files old files are kept.
        try (var files = Files.list(dir.resolve("audit"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .contains("audit.log", "audit.log.1")
                    .allMatch(n -> n.matches("audit\\.log(\\.[123])?"));
        }
    }

    @Test
    void oneRecordPerRequestWithWhoWhatOutcomeSessionAndTrace() throws Exception {
        String user = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", user);
        HttpResponse<String> call =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        user,
                                        """
                                        {"jsonrpc":"2.0","id":2,"method":"tools/call",\
                                        "params":{"name":"echo","arguments":{"message":"x"}}}""")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                                .build());
        assertThat(call.statusCode()).isEqualTo(200);
        GatewayFixture.send(
                HttpRequest.newBuilder(base.resolve("/mcp/everything"))
                        .header("Authorization", "Bearer " + user)
                        .header("Mcp-Session-Id", session)
                        .DELETE()
                        .build());

        List<JsonNode> mcp = new ArrayList<>();
        logs("user=alice&target=everything").path("records").forEach(mcp::add);
        assertThat(mcp)
                .extracting(r -> r.path("http_method").asText() + " " + r.path("method").asText())
                .containsExactly(
                        "DELETE ",
                        "POST tools/call",
                        "POST notifications/initialized",
                        "POST initialize");
        assertThat(mcp).extracting(r -> r.path("session").asText()).doesNotContain("").hasSize(4);
        assertThat(mcp.stream().map(r -> r.path("session").asText()).distinct()).hasSize(1);
        JsonNode toolCall = mcp.get(1);
        assertThat(toolCall.path("kind").asText()).isEqualTo("mcp");
        assertThat(toolCall.path("item_type").asText()).isEqualTo("tool");
        assertThat(toolCall.path("item").asText()).isEqualTo("echo");
        assertThat(toolCall.path("decision").asText()).isEqualTo("allow");
        assertThat(toolCall.path("decision_reason").asText()).isEqualTo("no_policies");
        assertThat(toolCall.path("status").asInt()).isEqualTo(200);
        assertThat(toolCall.path("outcome").asText()).isEqualTo("ok");
        assertThat(toolCall.path("trace_id").asText()).isEqualTo(TRACE);
        assertThat(toolCall.path("role").asText()).isEqualTo("user");
        assertThat(toolCall.path("replica").asText()).isNotEmpty();
        assertThat(toolCall.path("duration_ms").asDouble()).isPositive();
        assertThat(session).doesNotContain(toolCall.path("session").asText());

        JsonNode admin = logs("method=/api/targets").path("records").get(0);
        assertThat(admin.path("kind").asText()).isEqualTo("admin");
        assertThat(admin.path("subject").asText()).isEqualTo("admin");
        assertThat(admin.path("status").asInt()).isEqualTo(201);
    }

    @Test
    void aRefusedAuthenticationIsRecordedWithoutIdentity() throws Exception {
        HttpResponse<String> anonymous =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(base, "everything", null, GatewayFixture.INITIALIZE)
                                .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        JsonNode refused = logs("outcome=error&target=everything").path("records").get(0);
        assertThat(refused.path("status").asInt()).isEqualTo(401);
        assertThat(refused.path("error_code").asInt()).isEqualTo(-32001);
        assertThat(refused.has("subject")).isFalse();
    }

    @Test
    void filtersByOutcomeAndPagesWithTheCursor() throws Exception {
        AccessFixture.policy(base, AccessFixture.allowEveryone("only-echo", "tool", "^echo$"));
        String user = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", user);
        for (String tool : List.of("get-env", "echo", "get-sum")) {
            GatewayFixture.send(
                    GatewayFixture.mcpPost(
                                    base,
                                    "everything",
                                    user,
                                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                                            + "\"params\":{\"name\":\""
                                            + tool
                                            + "\",\"arguments\":{}}}")
                            .header("Mcp-Session-Id", session)
                            .header("MCP-Protocol-Version", "2025-06-18")
                            .build());
        }
        JsonNode denied = logs("outcome=denied");
        assertThat(denied.path("records"))
                .extracting(r -> r.path("item").asText())
                .containsExactly("get-sum", "get-env");
        assertThat(denied.path("records").get(0).path("decision_reason").asText())
                .isEqualTo("no_match");
        assertThat(denied.path("records").get(0).path("error_code").asInt()).isEqualTo(-32001);

        JsonNode first = logs("method=tools/call&limit=2");
        assertThat(first.path("records")).hasSize(2);
        JsonNode rest =
                logs("method=tools/call&limit=2&cursor=" + first.path("next_cursor").asText());
        assertThat(rest.path("records"))
                .extracting(r -> r.path("item").asText())
                .containsExactly("get-env");
        assertThat(rest.path("next_cursor").isNull()).isTrue();

        HttpResponse<String> bad =
                AccessFixture.admin(base, "GET", "/api/logs?since=yesterday", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").path("field").asText())
                .isEqualTo("since");
        HttpResponse<String> notAdmin =
                GatewayFixture.send(
                        HttpRequest.newBuilder(base.resolve("/api/logs"))
                                .header("Authorization", "Bearer " + user)
                                .build());
        assertThat(notAdmin.statusCode()).isEqualTo(403);
    }

    private JsonNode logs(String query) throws Exception {
        HttpResponse<String> answer = AccessFixture.admin(base, "GET", "/api/logs?" + query, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static String readAll(Path folder) throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
