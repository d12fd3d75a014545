package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON-RPC batches per protocol version, and large and binary payloads, on the wire: the gateway's
 * answer is compared byte for byte with the reference server's own (SSE event ids aside, which the
 * server draws at random).
 */
class ProxyBatchesAndPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BATCH =
            """
            [{"jsonrpc":"2.0","id":2,"method":"ping"},\
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo",\
            "arguments":{"message":"batched"}}},\
            {"jsonrpc":"2.0","method":"notifications/roots/list_changed"}]""";

    @TempDir static Path dir;
    static ProxiedEverything everything;

    @BeforeAll
    static void start() {
        everything = ProxiedEverything.start(dir);
    }

    @AfterAll
    static void stop() {
        if (everything != null) {
            everything.close();
        }
    }

    private static String withoutEventIds(HttpResponse<String> response) {
        return RawMcpSession.withoutEventIds(response.body());
    }

    @Test
    void forwardsABatchUnder20250326AndReturnsBothResponsesLikeDirectly() {
        RawMcpSession proxied = everything.rawViaGateway("2025-03-26");
        RawMcpSession plain = everything.rawDirect("2025-03-26");
        HttpResponse<String> viaGateway = proxied.send(BATCH);
        HttpResponse<String> direct = plain.send(BATCH);
        assertThat(viaGateway.statusCode()).isEqualTo(direct.statusCode()).isEqualTo(200);
        assertThat(viaGateway.headers().firstValue("content-type"))
                .isEqualTo(direct.headers().firstValue("content-type"));
        assertThat(withoutEventIds(viaGateway)).isEqualTo(withoutEventIds(direct));
        List<JsonNode> responses = RawMcpSession.parsed(viaGateway);
        assertThat(responses).extracting(r -> r.path("id").asInt()).containsExactly(2, 3);
        assertThat(responses.get(1).path("result").toString()).contains("Echo: batched");

        // Without MCP-Protocol-Version a server assumes 2025-03-26, which has batches.
        HttpResponse<String> unversioned = GatewayFixture.send(proxied.postAs(null, BATCH).build());
        assertThat(unversioned.statusCode()).isEqualTo(200);
        assertThat(RawMcpSession.parsed(unversioned))
                .extracting(r -> r.path("id").asInt())
                .containsExactly(2, 3);

        // Notifications only: accepted with 202 and no body, like directly.
        String notifications =
                """
                [{"jsonrpc":"2.0","method":"notifications/roots/list_changed"},\
                {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}}]""";
        HttpResponse<String> accepted = proxied.send(notifications);
        assertThat(accepted.statusCode())
                .isEqualTo(plain.send(notifications).statusCode())
                .isEqualTo(202);
        assertThat(accepted.body()).isEmpty();
    }

    @Test
    void rejectsABatchInProtocolVersionsWithoutBatches() throws Exception {
        RawMcpSession proxied = everything.rawViaGateway("2025-03-26");
        for (String version : List.of("2024-11-05", "2025-06-18", "2025-11-25")) {
            HttpResponse<String> response =
                    GatewayFixture.send(proxied.postAs(version, BATCH).build());
            assertThat(response.statusCode()).as(version).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("id").isNull()).isTrue();
            assertThat(body.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(body.path("error").path("message").asText())
                    .isEqualTo(
                            "JSON-RPC batches are not allowed in protocol version "
                                    + version
                                    + " (only 2025-03-26 allows them)");
        }
    }

    @Test
    void passesTheServersRejectionOfABatchedInitializeThroughUnchanged() {
        String batch =
                "["
                        + GatewayFixture.INITIALIZE
                        + ",{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]";
        HttpResponse<String> viaGateway =
                GatewayFixture.send(
                        RawMcpSession.request(
                                everything.gatewayEndpoint(), everything.token(), batch));
        HttpResponse<String> direct =
                GatewayFixture.send(
                        RawMcpSession.request(everything.directEndpoint(), null, batch));
        assertThat(viaGateway.statusCode()).isEqualTo(direct.statusCode()).isEqualTo(400);
        assertThat(viaGateway.body())
                .isEqualTo(direct.body())
                .contains("Only one initialization request is allowed");
        assertThat(viaGateway.headers().firstValue("mcp-session-id")).isEmpty();
    }

    @Test
    void echoesAOneMebibyteArgumentByteForByteLikeDirectly() throws Exception {
        String message = largeText(1024 * 1024);
        String call = toolCall(7, "echo", Map.of("message", message));
        HttpResponse<String> viaGateway = everything.rawViaGateway("2025-06-18").send(call);
        HttpResponse<String> direct = everything.rawDirect("2025-06-18").send(call);
        assertThat(viaGateway.statusCode()).isEqualTo(direct.statusCode()).isEqualTo(200);
        assertThat(withoutEventIds(viaGateway)).isEqualTo(withoutEventIds(direct));
        assertThat(
                        RawMcpSession.only(viaGateway)
                                .path("result")
                                .path("content")
                                .get(0)
                                .path("text")
                                .asText())
                .isEqualTo("Echo: " + message);
    }

    private static String toolCall(int id, String tool, Map<String, Object> arguments)
            throws JsonProcessingException {
        return JSON.writeValueAsString(
                Map.of(
                        "jsonrpc",
                        "2.0",
                        "id",
                        id,
                        "method",
                        "tools/call",
                        "params",
                        Map.of("name", tool, "arguments", arguments)));
    }

    /** {@code length} characters of text that JSON must escape and UTF-8 must widen. */
    private static String largeText(int length) {
        String pattern = "plain ascii, \"quotes\", back\\slash, tab\t, newline\n, é, ü, 漢字, 😀 ";
        return pattern.repeat(length / pattern.length() + 1).substring(0, length);
    }

    @Test
    void returnsABinaryBlobByteForByteLikeDirectly() throws Exception {
        byte[] payload = new byte[768 * 1024];
        new Random(20251125).nextBytes(payload);
        Map<String, Object> arguments =
                Map.of(
                        "name",
                        "payload.bin",
                        "outputType",
                        "resource",
                        "data",
                        "data:application/octet-stream;base64,"
                                + Base64.getEncoder().encodeToString(payload));
        String call = toolCall(8, "gzip-file-as-resource", arguments);
        String read =
                """
                {"jsonrpc":"2.0","id":9,"method":"resources/read",\
                "params":{"uri":"demo://resource/session/payload.bin"}}""";
        // One session after the other: the server keeps one session resource per name.
        RawMcpSession proxied = everything.rawViaGateway("2025-06-18");
        HttpResponse<String> toolViaGateway = proxied.send(call);
        HttpResponse<String> readViaGateway = proxied.send(read);
        RawMcpSession plain = everything.rawDirect("2025-06-18");
        HttpResponse<String> toolDirect = plain.send(call);
        HttpResponse<String> readDirect = plain.send(read);

        assertThat(withoutEventIds(toolViaGateway)).isEqualTo(withoutEventIds(toolDirect));
        assertThat(withoutEventIds(readViaGateway)).isEqualTo(withoutEventIds(readDirect));
        String blob =
                RawMcpSession.only(toolViaGateway)
                        .path("result")
                        .path("content")
                        .get(0)
                        .path("resource")
                        .path("blob")
                        .asText();
        assertThat(gunzip(Base64.getDecoder().decode(blob))).isEqualTo(payload);
        assertThat(
                        RawMcpSession.only(readViaGateway)
                                .path("result")
                                .path("contents")
                                .get(0)
                                .path("blob")
                                .asText())
                .isEqualTo(blob);
    }

    private static byte[] gunzip(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
