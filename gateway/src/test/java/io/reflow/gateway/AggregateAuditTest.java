package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail of the aggregated endpoint, with a real SDK client on {@code /mcp} and the
 * reference server behind it: each {@code /mcp} request has its own record, the calls it makes to
 * {@code /mcp/{target}} are marked as made for it and share its session, and the record of a routed
 * call holds the target and the policy decision the target took.
 */
class AggregateAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private ReferenceMcpServer upstream;
    private Gateway gateway;
    private URI base;

    @BeforeEach
    void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.start(
                        dir, GatewayFixture.staticTarget("everything", upstream.mcpUri()));
        base = gateway.baseUri();
        AccessFixture.policy(base, AccessFixture.allowEveryone("only-echo", "tool", "^echo$"));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void eachAggregateRequestHasARecordAndItsTargetCallsShareItsSession() throws Exception {
        try (McpSyncClient alice =
                GatewayFixture.client(
                        base, "/mcp", GatewayFixture.userToken("alice"), spec -> {})) {
            assertThat(alice.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .containsExactly("everything_echo");
            alice.callTool(
                    new McpSchema.CallToolRequest(
                            "everything_echo", Map.of("message", "hi"), null));
            assertThatThrownBy(
                            () ->
                                    alice.callTool(
                                            new McpSchema.CallToolRequest(
                                                    "everything_get-sum", Map.of(), null)))
                    .hasMessageContaining("tool 'get-sum' is not allowed");
        }

        // A record is written once its answer has gone: the client's DELETE may be in flight.
        List<JsonNode> all =
                await().atMost(Duration.ofSeconds(10))
                        .until(
                                () -> records("/mcp", null),
                                r ->
                                        r.stream()
                                                .anyMatch(
                                                        x ->
                                                                x.path("http_method")
                                                                        .asText()
                                                                        .equals("DELETE")));
        List<JsonNode> aggregate =
                all.stream().filter(r -> r.path("http_method").asText().equals("POST")).toList();
        assertThat(aggregate)
                .extracting(r -> r.path("method").asText())
                // The SDK client lists tools again before calling one: how often is its choice.
                .startsWith("tools/call", "tools/call")
                .contains("tools/list")
                .endsWith("notifications/initialized", "initialize");
        String session = aggregate.get(0).path("session").asText();
        assertThat(session).matches("[0-9a-f]{16}");
        assertThat(all).allSatisfy(r -> assertThat(r.path("session").asText()).isEqualTo(session));
        assertThat(aggregate)
                .allSatisfy(r -> assertThat(r.path("subject").asText()).isEqualTo("alice"));
        assertThat(aggregate).allSatisfy(r -> assertThat(r.has("via")).isFalse());

        JsonNode echo = aggregate.get(1);
        assertThat(echo.path("item_type").asText()).isEqualTo("tool");
        assertThat(echo.path("item").asText()).isEqualTo("everything_echo");
        assertThat(echo.path("target").asText()).isEqualTo("everything");
        assertThat(echo.path("decision").asText()).isEqualTo("allow");
        assertThat(echo.path("decision_reason").asText()).isEqualTo("policy");
        assertThat(echo.path("policy_id").asText()).isEqualTo("only-echo");
        assertThat(echo.path("outcome").asText()).isEqualTo("ok");

        // A tool the policy hides is routed by its prefix, and the target refuses it.
        JsonNode denied = aggregate.get(0);
        assertThat(denied.path("item").asText()).isEqualTo("everything_get-sum");
        assertThat(denied.path("target").asText()).isEqualTo("everything");
        assertThat(denied.path("decision").asText()).isEqualTo("deny");
        assertThat(denied.path("decision_reason").asText()).isEqualTo("no_match");
        assertThat(denied.path("outcome").asText()).isEqualTo("denied");

        assertCallsWereMadeFor(session);
    }

    /** The records of the calls to /mcp/{target} made for the session's requests. */
    private void assertCallsWereMadeFor(String session) throws Exception {
        List<JsonNode> made = records("/mcp/{target}", "/mcp");
        assertThat(made)
                .filteredOn(r -> r.path("item").asText().equals("echo"))
                .singleElement()
                .satisfies(
                        call -> {
                            assertThat(call.path("item").asText()).isEqualTo("echo");
                            assertThat(call.path("target").asText()).isEqualTo("everything");
                            assertThat(call.path("policy_id").asText()).isEqualTo("only-echo");
                            assertThat(call.path("session").asText()).isEqualTo(session);
                        });
        assertThat(made)
                .filteredOn(r -> r.path("method").asText().equals("tools/list"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("session").asText()).isEqualTo(session));
    }

    @Test
    void aRefusedAggregateRequestIsRecordedWithoutIdentity() throws Exception {
        HttpResponse<String> anonymous =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base.resolve("/mcp"), null, GatewayFixture.INITIALIZE)
                                .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        JsonNode refused = records("/mcp", null).get(0);
        assertThat(refused.path("status").asInt()).isEqualTo(401);
        assertThat(refused.path("error_code").asInt()).isEqualTo(-32001);
        assertThat(refused.path("outcome").asText()).isEqualTo("error");
        assertThat(refused.has("subject")).isFalse();
    }

    @Test
    void aClientCannotPoseAsACallMadeForAnAggregateRequest() throws Exception {
        String forged = "0123456789abcdef";
        String token = GatewayFixture.userToken("mallory");
        HttpResponse<String> answer =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(base, "everything", token, GatewayFixture.INITIALIZE)
                                .header("Reflow-Audit-Session", forged)
                                .header("Reflow-Internal-Call", "guess")
                                .build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Reflow-Access-Decision")).isEmpty();
        JsonNode record = records("/mcp/{target}", null).get(0);
        assertThat(record.path("subject").asText()).isEqualTo("mallory");
        assertThat(record.has("via")).isFalse();
        assertThat(record.path("session").asText()).isNotEqualTo(forged).matches("[0-9a-f]{16}");
    }

    /** The records of {@code endpoint} (and {@code via}, null for none), newest first. */
    private List<JsonNode> records(String endpoint, String via) throws Exception {
        HttpResponse<String> answer =
                AccessFixture.admin(base, "GET", "/api/logs?limit=1000", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : JSON.readTree(answer.body()).path("records")) {
            String recordVia = r.has("via") ? r.get("via").asText() : null;
            if (r.path("endpoint").asText().equals(endpoint) && Objects.equals(recordVia, via)) {
                out.add(r);
            }
        }
        return out;
    }
}
