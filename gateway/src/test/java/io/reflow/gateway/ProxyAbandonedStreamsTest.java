package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Clients that leave streams open and vanish (raw sockets closed with a reset, MCP SDK clients
 * closed) while the reference server stays silent: the gateway notices through its SSE keep-alives,
 * and the identity's slots of {@code server.max_concurrent_per_identity} come back.
 */
class ProxyAbandonedStreamsTest {

    private static final int MAX_PER_IDENTITY = 4;

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Gateway gateway;
    static final String TOKEN = GatewayFixture.userToken("alice");

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.startEverything(
                        dir,
                        upstream.mcpUri(),
                        "max_body_bytes: 65536, max_concurrent_per_identity: "
                                + MAX_PER_IDENTITY
                                + ", stream_keepalive_interval: 100ms");
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
    void silentGetStreamIsFilledWithKeepAliveComments() throws Exception {
        String session = GatewayFixture.initialize(gateway.baseUri(), "everything", TOKEN);
        HttpRequest get = GatewayFixture.getStream(gateway.baseUri(), "everything", TOKEN, session);

        // The reference server sends no event on a new GET stream: only the head can arrive.
        HttpResponse<InputStream> response =
                GatewayFixture.HTTP
                        .sendAsync(get, HttpResponse.BodyHandlers.ofInputStream())
                        .get(10, TimeUnit.SECONDS);

        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            // The silence is filled with comments, which SSE clients ignore.
            assertThat(new String(body.readNBytes(13), StandardCharsets.US_ASCII))
                    .isEqualTo(": keepalive\n\n");
        }
    }

    @Test
    void getStreamsOfVanishedRawClientsReturnTheirSlots() throws IOException {
        for (int round = 0; round < 3; round++) {
            // Sessions first: an initialize holds a slot until just after its answer, which a
            // stream opened right after could still find taken.
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < MAX_PER_IDENTITY; i++) {
                sessions.add(sessionId());
            }
            List<Socket> sockets = new ArrayList<>();
            try {
                for (String session : sessions) {
                    sockets.add(openRaw("GET", session, null));
                }
                assertThat(metric("reflow_mcp_requests_in_flight")).isEqualTo(MAX_PER_IDENTITY);
            } finally {
                for (Socket socket : sockets) {
                    vanish(socket);
                }
            }
            awaitAllReleased();
        }
        assertServedAgain();
    }

    @Test
    void longPostStreamsOfVanishedRawClientsReturnTheirSlots() throws IOException {
        for (int round = 0; round < 2; round++) {
            // One session for all calls: an initialize per call would briefly hold a slot of its
            // own, which a call sent right after its answer could still find taken.
            String session = sessionId();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_PER_IDENTITY; i++) {
                    // Runs for a minute and sends nothing before its result (no progress token).
                    String call =
                            "{\"jsonrpc\":\"2.0\",\"id\":"
                                    + (7 + i)
                                    + ",\"method\":\"tools/call\",\"params\":"
                                    + "{\"name\":\"trigger-long-running-operation\","
                                    + "\"arguments\":{\"duration\":60,\"steps\":1}}}";
                    sockets.add(openRaw("POST", session, call));
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> metric("reflow_mcp_streams_open"),
                                open -> open == MAX_PER_IDENTITY);
            } finally {
                for (Socket socket : sockets) {
                    vanish(socket);
                }
            }
            awaitAllReleased();
        }
        assertServedAgain();
    }

    @Test
    void streamsOfClosedSdkClientsReturnTheirSlots() {
        for (int round = 0; round < 3; round++) {
            List<McpSyncClient> clients = new ArrayList<>();
            // Each holds a GET stream; one slot stays free for the client's own requests.
            for (int i = 0; i < MAX_PER_IDENTITY / 2; i++) {
                clients.add(
                        GatewayFixture.client(
                                gateway.baseUri(), "/mcp/everything", TOKEN, spec -> {}));
            }
            clients.forEach(McpSyncClient::close);
            awaitAllReleased();
        }
        assertServedAgain();
    }

    private static String sessionId() {
        return GatewayFixture.initialize(gateway.baseUri(), "everything", TOKEN);
    }

    /** Sends a request on a raw socket and reads the response head; the body stays unread. */
    private static Socket openRaw(String method, String session, String body) throws IOException {
        URI base = gateway.baseUri();
        Socket socket = new Socket(base.getHost(), base.getPort());
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head =
                method
                        + " /mcp/everything HTTP/1.1\r\nHost: "
                        + base.getHost()
                        + ":"
                        + base.getPort()
                        + "\r\nAuthorization: Bearer "
                        + TOKEN
                        + "\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: "
                        + session
                        + "\r\nMCP-Protocol-Version: 2025-06-18\r\n"
                        + (body == null
                                ? ""
                                : "Content-Type: application/json\r\nContent-Length: "
                                        + content.length
                                        + "\r\n")
                        + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        if (method.equals("GET")) {
            String status = statusLine(socket.getInputStream());
            assertThat(status).startsWith("HTTP/1.1 200");
        }
        return socket;
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    /** Gone without a goodbye: the connection is reset, as when a process is killed. */
    private static void vanish(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void awaitAllReleased() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            assertThat(metric("reflow_mcp_requests_in_flight")).isZero();
                            assertThat(metric("reflow_mcp_streams_open")).isZero();
                        });
    }

    private static void assertServedAgain() {
        try (McpSyncClient client =
                GatewayFixture.client(gateway.baseUri(), "/mcp/everything", TOKEN, spec -> {})) {
            assertThat(client.listTools().tools()).isNotEmpty();
        }
    }

    private static double metric(String name) {
        String text =
                GatewayFixture.send(
                                HttpRequest.newBuilder(
                                                gateway.baseUri().resolve("/observe/metrics"))
                                        .build())
                        .body();
        Matcher value = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(text);
        assertThat(value.find()).as("metric %s in %s", name, text).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
