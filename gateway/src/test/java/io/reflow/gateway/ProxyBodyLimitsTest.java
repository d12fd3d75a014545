package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.mcpPost;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.json.Json;
import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile bodies are refused before they cost memory: the per-identity limit and the budget of body
 * bytes in flight apply before a body is read, and bodies are checked without a tree, within limits
 * on nesting and tokens. Another identity is served meanwhile.
 */
class ProxyBodyLimitsTest {

    private static final int MAX_BODY = 1024 * 1024;

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
                        "max_body_bytes: "
                                + MAX_BODY
                                + ", max_body_bytes_in_flight: "
                                + 4 * MAX_BODY
                                + ", max_concurrent_per_identity: 16"
                                + ", max_json_depth: 32");
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

    @Test
    void parallelMaximumSizeBodiesAreRefusedWhileAnotherIdentityIsServed() throws Exception {
        String mallory = GatewayFixture.userToken("mallory");
        List<Socket> waiting = new ArrayList<>();
        try {
            // Each announces a maximum-size body and sends only its first bytes: held open, the
            // requests keep their reservations.
            for (int i = 0; i < 24; i++) {
                waiting.add(announce(mallory, MAX_BODY));
            }
            List<String> refusals = new ArrayList<>();
            for (Socket socket : waiting) {
                String answer = answerIfAny(socket);
                if (answer != null) {
                    refusals.add(answer);
                }
            }
            // Half the budget is the most one identity may hold: two bodies; the rest are refused.
            assertThat(refusals).hasSize(22);
            assertThat(refusals)
                    .allSatisfy(
                            r ->
                                    assertThat(r)
                                            .containsAnyOf(
                                                    "server.max_body_bytes_in_flight",
                                                    "server.max_concurrent_per_identity"));

            String alice = GatewayFixture.userToken("alice");
            HttpResponse<String> served =
                    send(
                            mcpPost(
                                            gateway.baseUri(),
                                            "everything",
                                            alice,
                                            GatewayFixture.INITIALIZE)
                                    .build());
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
    }

    @Test
    void deepNestingIsRefusedNamingTheDepthLimit() {
        String deep =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                        + "[".repeat(100)
                        + "]".repeat(100)
                        + "}";
        HttpResponse<String> response =
                send(
                        mcpPost(
                                        gateway.baseUri(),
                                        "everything",
                                        GatewayFixture.userToken("bob"),
                                        deep)
                                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = read(response).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32700);
        assertThat(error.path("message").asText())
                .isEqualTo("JSON nesting is deeper than 32 levels (server.max_json_depth)");
    }

    @Test
    void wideBodyWithinTheLimitsIsForwarded() {
        String wide =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":{\"x\":["
                        + "1,".repeat(200_000)
                        + "1]}}}";
        String token = GatewayFixture.userToken("carol");
        String session = GatewayFixture.initialize(gateway.baseUri(), "everything", token);
        HttpResponse<String> response =
                send(
                        mcpPost(gateway.baseUri(), "everything", token, wide)
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return Json.read(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST announcing {@code length} bytes of which only the start is sent. */
    private static Socket announce(String token, int length) throws IOException {
        URI base = gateway.baseUri();
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(10_000);
        String head =
                "POST /mcp/everything HTTP/1.1\r\nHost: "
                        + base.getHost()
                        + ":"
                        + base.getPort()
                        + "\r\nAuthorization: Bearer "
                        + token
                        + "\r\nAccept: application/json, text/event-stream"
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + length
                        + "\r\n\r\n[";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The refusal the gateway sent at once, or null when it is waiting for the body. */
    private static String answerIfAny(Socket socket) throws IOException {
        socket.setSoTimeout(2_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int n = in.read(buffer);
            return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
    }
}
