package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.testing.ReferenceMcpServer;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's answer to a server request ({@code sampling/createMessage}, {@code
 * elicitation/create}) gets through while the identity's other streams fill {@code
 * max_concurrent_per_identity}, as the streams of clients that left do until the gateway notices
 * them. A refused answer cannot be reported by MCP clients: the tool call waiting on it times out.
 */
class ProxyAnswersAtLimitTest {

    private static final int RUNS = 10;
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

    @Test
    void samplingAndElicitationCompleteWhileOtherStreamsFillTheLimit() throws Exception {
        // Held streams take all slots but the two of the client's own GET stream and tool call.
        List<String> sessions = new ArrayList<>();
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_IDENTITY - 2; i++) {
                String session = GatewayFixture.initialize(gateway.baseUri(), "everything", TOKEN);
                sessions.add(session);
                held.add(
                        GatewayFixture.HTTP
                                .sendAsync(
                                        inSession(session).GET().build(),
                                        HttpResponse.BodyHandlers.ofInputStream())
                                .get(10, TimeUnit.SECONDS));
            }
            for (int run = 0; run < RUNS; run++) {
                // The previous client's GET stream holds its slot until the gateway notices
                // that client left; only then are exactly the held streams in flight.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> inFlight() == MAX_PER_IDENTITY - 2);
                try (McpSyncClient client =
                        GatewayFixture.client(
                                gateway.baseUri(),
                                "/mcp/everything",
                                TOKEN,
                                ProxyServerRequestsTest.CAPABLE)) {
                    // Its GET stream is open and its other requests are done: one slot is left,
                    // for the tool call; the client's answer finds none.
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> inFlight() == MAX_PER_IDENTITY - 1);
                    ProxyServerRequestsTest.roundTrips(client, run);
                }
            }
        } finally {
            for (String session : sessions) {
                GatewayFixture.send(inSession(session).DELETE().build());
            }
            for (HttpResponse<InputStream> response : held) {
                response.body().close();
            }
        }
    }

    private static double inFlight() {
        String text =
                GatewayFixture.send(
                                HttpRequest.newBuilder(
                                                gateway.baseUri().resolve("/observe/metrics"))
                                        .build())
                        .body();
        Matcher value = Pattern.compile("(?m)^reflow_mcp_requests_in_flight (\\S+)$").matcher(text);
        assertThat(value.find()).as(text).isTrue();
        return Double.parseDouble(value.group(1));
    }

    /** A request in {@code session} of the test's user. */
    private static HttpRequest.Builder inSession(String session) {
        return HttpRequest.newBuilder(gateway.baseUri().resolve("/mcp/everything"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18");
    }
}
