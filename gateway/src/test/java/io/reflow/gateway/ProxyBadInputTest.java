package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.mcpPost;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input on {@code /mcp}: the status and the JSON-RPC error body a client gets. */
class ProxyBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Gateway gateway;
    static URI base;

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        int closedPort = ReferenceMcpServer.freePort();
        gateway =
                GatewayFixture.start(
                        dir,
                        """
                        targets:
                          - { name: everything, transport_type: streamable-http, url: "%s" }
                          - { name: down, transport_type: streamable-http, url: "http://127.0.0.1:%d/mcp" }
                          - { name: pods, transport_type: kubernetes, image: "example/mcp:1" }
                        """
                                .formatted(upstream.mcpUri(), closedPort));
        base = gateway.baseUri();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
        return body.path("error");
    }

    @Test
    void rejectsMissingTokenWith401AndChallenge() throws Exception {
        HttpResponse<String> response = send(mcpPost(base, "everything", null, LIST).build());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate").orElseThrow())
                .startsWith("Bearer realm=\"reflow\"");
        assertThat(error(response).path("message").asText()).contains("missing bearer token");
    }

    @Test
    void rejectsUnknownTokenWith401() throws Exception {
        HttpResponse<String> response =
                send(mcpPost(base, "everything", "not-a-token", LIST).build());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).path("message").asText()).contains("unknown token");
    }

    @Test
    void answersUnknownTargetWith404() throws Exception {
        HttpResponse<String> response = send(mcpPost(base, "nope", ADMIN_TOKEN, LIST).build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("message").asText()).contains("unknown target 'nope'");
    }

    @Test
    void rejectsWrongContentTypeWith415() throws Exception {
        HttpResponse<String> response =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                .setHeader("Content-Type", "text/plain")
                                .build());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(error(response).path("message").asText()).contains("Content-Type");
    }

    @Test
    void rejectsOversizedBodyWith413() throws Exception {
        String big =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"p\":\""
                        + "x".repeat(70_000)
                        + "\"}}";
        HttpResponse<String> response = send(mcpPost(base, "everything", ADMIN_TOKEN, big).build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).path("message").asText()).contains("server.max_body_bytes");
    }

    @Test
    void rejectsOversizedChunkedBodyWith413() throws Exception {
        byte[] big =
                ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"p\":\""
                                + "x".repeat(70_000)
                                + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
                send(mcpPost(base, "everything", ADMIN_TOKEN, "").POST(chunked(big)).build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).path("message").asText()).contains("server.max_body_bytes");
    }

    @Test
    void forwardsChunkedBodyWithinTheLimit() throws Exception {
        String session = GatewayFixture.initialize(base, "everything", ADMIN_TOKEN);
        HttpResponse<String> response =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, "")
                                .header("Mcp-Session-Id", session)
                                .POST(chunked(LIST.getBytes(StandardCharsets.UTF_8)))
                                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"tools\"");
    }

    /** A body without a length, so the client sends it with chunked transfer encoding. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    @Test
    void answersMalformedJsonWithParseError() throws Exception {
        HttpResponse<String> response =
                send(mcpPost(base, "everything", ADMIN_TOKEN, "{\"jsonrpc\":").build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("code").asInt()).isEqualTo(-32700);
    }

    @Test
    void answersNonJsonRpcWithInvalidRequestCarryingTheId() throws Exception {
        HttpResponse<String> response =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, "{\"jsonrpc\":\"1.0\",\"id\":3}")
                                .build());
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asInt()).isEqualTo(3);
        assertThat(body.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(body.path("error").path("message").asText()).contains("jsonrpc");
    }

    @Test
    void rejectsBatchWhereTheProtocolVersionForbidsIt() throws Exception {
        HttpResponse<String> response =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, "[" + LIST + "]")
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("message").asText()).contains("batches are not allowed");
    }

    @Test
    void rejectsUnsupportedProtocolVersion() throws Exception {
        HttpResponse<String> response =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                .header("MCP-Protocol-Version", "1999-01-01")
                                .build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("message").asText())
                .contains("unsupported MCP-Protocol-Version '1999-01-01'");
    }

    @Test
    void answersTamperedSessionWith404() throws Exception {
        String session = GatewayFixture.initialize(base, "everything", ADMIN_TOKEN);
        // Flip a character in the middle: the last one may only carry unused base64 padding bits.
        int middle = session.length() / 2;
        char original = session.charAt(middle);
        String tampered =
                session.substring(0, middle)
                        + (original == 'A' ? 'B' : 'A')
                        + session.substring(middle + 1);
        HttpResponse<String> response =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                .header("Mcp-Session-Id", tampered)
                                .build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("message").asText()).contains("session not found");
    }

    @Test
    void refusesOneUsersSessionToAnother() throws Exception {
        String alice = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", alice);
        HttpResponse<String> own =
                send(
                        mcpPost(base, "everything", alice, LIST)
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(own.statusCode()).isEqualTo(200);
        HttpResponse<String> stolen =
                send(
                        mcpPost(base, "everything", GatewayFixture.userToken("mallory"), LIST)
                                .header("Mcp-Session-Id", session)
                                .build());
        assertThat(stolen.statusCode()).isEqualTo(404);
    }

    @Test
    void rejectsSessionSealedByAnotherGatewayKey() throws Exception {
        String yaml =
                GatewayFixture.yaml(
                                dir.resolve("other"),
                                GatewayFixture.staticTarget("everything", upstream.mcpUri()))
                        .replace(GatewayFixture.SESSION_KEY, "a-completely-different-key");
        try (Gateway other = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()))) {
            String foreign = GatewayFixture.initialize(other.baseUri(), "everything", ADMIN_TOKEN);
            HttpResponse<String> response =
                    send(
                            mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                    .header("Mcp-Session-Id", foreign)
                                    .build());
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void refusesForeignOriginAndHost() throws Exception {
        HttpResponse<String> origin =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                .header("Origin", "https://evil.example")
                                .build());
        assertThat(origin.statusCode()).isEqualTo(403);
        assertThat(error(origin).path("message").asText()).contains("server.allowed_origins");
        HttpResponse<String> local =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                .header("Origin", "http://localhost:3000")
                                .build());
        assertThat(local.statusCode()).isNotEqualTo(403);
    }

    @Test
    void answersUpstreamDownWith502AndTheRequestId() throws Exception {
        HttpResponse<String> response = send(mcpPost(base, "down", ADMIN_TOKEN, LIST).build());
        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asInt()).isEqualTo(7);
        assertThat(body.path("error").path("code").asInt()).isEqualTo(-32000);
        assertThat(body.path("error").path("message").asText())
                .contains("target 'down' is unreachable");
    }

    @Test
    void answersHeaderFromEnvConfigThatIsNoValidHeaderWith502NamingIt() throws Exception {
        HttpResponse<String> created =
                send(
                        HttpRequest.newBuilder(base.resolve("/api/targets"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"name\":\"badheader\",\"transport_type\":"
                                                        + "\"streamable-http\",\"url\":\""
                                                        + upstream.mcpUri()
                                                        + "\"}"))
                                .build());
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> env =
                send(
                        HttpRequest.newBuilder(base.resolve("/api/targets/badheader/env/default"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .PUT(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"AUTH_HEADER\":\"X Api Key: secret\"}"))
                                .build());
        assertThat(env.statusCode()).isEqualTo(200);

        HttpResponse<String> response = send(mcpPost(base, "badheader", ADMIN_TOKEN, LIST).build());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(error(response).path("message").asText())
                .isEqualTo(
                        "request to the upstream of target 'badheader' is invalid:"
                                + " header name 'X Api Key' is not a valid HTTP token")
                .doesNotContain("secret");
    }

    @Test
    void answersKubernetesTargetWith503WhenKubernetesIsDisabled() throws Exception {
        HttpResponse<String> response = send(mcpPost(base, "pods", ADMIN_TOKEN, LIST).build());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).path("message").asText()).contains("kubernetes.enabled");
    }

    @Test
    void answersOtherHttpMethodsWith405() {
        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(base.resolve("/mcp/everything"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .PUT(HttpRequest.BodyPublishers.ofString(LIST))
                                .build());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void deleteEndsTheSessionUpstream() throws Exception {
        String session = GatewayFixture.initialize(base, "everything", ADMIN_TOKEN);
        HttpResponse<String> deleted =
                send(
                        HttpRequest.newBuilder(base.resolve("/mcp/everything"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .DELETE()
                                .build());
        assertThat(deleted.statusCode()).isEqualTo(200);
        HttpResponse<String> after =
                send(
                        mcpPost(base, "everything", ADMIN_TOKEN, LIST)
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        // The upstream has forgotten the session; its own status (400 from the reference server)
        // passes through unchanged.
        assertThat(after.statusCode()).isIn(400, 404);
        assertThat(after.body()).doesNotContain("\"tools\"");
    }
}
