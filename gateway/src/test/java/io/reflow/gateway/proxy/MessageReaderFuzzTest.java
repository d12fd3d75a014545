package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The reader of MCP POST bodies, driven through Helidon's routing without a socket: any body, sent
 * with a length or chunked, is accepted as a JSON-RPC message or answered with a JSON-RPC error of
 * a documented status, never a 500.
 */
class MessageReaderFuzzTest {

    private static final int MAX_BYTES = 16 * 1024;

    /** Depth and token limits as the gateway's defaults. */
    private static final MessageReader READER = new MessageReader(MAX_BYTES, 64, 1_000_000);

    private static final Set<Integer> REFUSALS = Set.of(400, 413, 415);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Echoes what the reader made of the body: its method, or nothing when it answered. */
    private static final DirectClient CLIENT =
            new DirectClient(
                    HttpRouting.builder()
                            .post(
                                    "/mcp",
                                    (req, res) -> {
                                        String version =
                                                req.headers()
                                                        .first(
                                                                HeaderNames.create(
                                                                        "Mcp-Protocol-Version"))
                                                        .orElse(null);
                                        McpProxy.Message message = READER.read(req, res, version);
                                        if (message != null) {
                                            res.send(message.method());
                                        }
                                    }));

    /**
     * Posts {@code body} twice: with a Content-Length and no protocol version, then chunked under
     * 2025-06-18 (which has no batches).
     */
    @FuzzTest
    void acceptsAJsonRpcMessageOrAnswersWithAJsonRpcError(byte[] body) throws IOException {
        if (body.length > 2 * MAX_BYTES) {
            return;
        }
        check(body, false, null);
        check(body, true, "2025-06-18");
    }

    private static void check(byte[] body, boolean chunked, String version) throws IOException {
        var request = CLIENT.post("/mcp").header(HeaderNames.CONTENT_TYPE, "application/json");
        if (version != null) {
            request.header(HeaderNames.create("Mcp-Protocol-Version"), version);
        }
        try (HttpClientResponse response =
                chunked
                        ? request.outputStream(
                                out -> {
                                    out.write(body);
                                    out.close();
                                })
                        : request.submit(body)) {
            int status = response.status().code();
            byte[] answer = response.entity().as(byte[].class);
            if (status == Status.OK_200.code()) {
                assertThat(body.length).isLessThanOrEqualTo(MAX_BYTES);
                assertAccepted(
                        MAPPER.readTree(body), new String(answer, StandardCharsets.UTF_8), version);
                return;
            }
            assertThat(REFUSALS)
                    .as("status %s for %s", status, new String(answer, StandardCharsets.UTF_8))
                    .contains(status);
            JsonNode error = MAPPER.readTree(answer);
            assertThat(error.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(error.path("error").path("code").isInt()).isTrue();
            assertThat(error.path("error").path("message").asText()).isNotBlank();
            if (body.length > MAX_BYTES) {
                assertThat(status).isEqualTo(413);
            }
        }
    }

    /** What passed is a JSON-RPC message (or, without a version, a batch of them). */
    private static void assertAccepted(JsonNode root, String method, String version) {
        if (root.isArray()) {
            assertThat(version).as("batches only where the version allows them").isNull();
            assertThat(root).isNotEmpty();
            assertThat(method).isEqualTo("batch");
            root.forEach(item -> assertThat(item.path("jsonrpc").asText()).isEqualTo("2.0"));
            return;
        }
        assertThat(root.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(method).isEqualTo(root.has("method") ? root.get("method").asText() : "response");
    }
}
