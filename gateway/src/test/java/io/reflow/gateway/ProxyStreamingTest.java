package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.mcpPost;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream behaviour the reference server cannot show on demand: an upstream that streams SSE
 * forever, one that never answers. Both are plain HTTP servers on loopback written for the test.
 */
class ProxyStreamingTest {

    private static final byte[] EVENT =
            "id: e1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n"
                    .getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;
    HttpServer sse;
    ServerSocket silent;
    Gateway gateway;
    final AtomicBoolean clientGone = new AtomicBoolean();
    final AtomicReference<String> lastEventId = new AtomicReference<>();
    final CopyOnWriteArrayList<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sse = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sse.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        sse.createContext(
                "/mcp",
                exchange -> {
                    lastEventId.set(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        while (true) {
                            out.write(EVENT);
                            out.flush();
                            Thread.sleep(50);
                        }
                    } catch (IOException e) {
                        clientGone.set(true);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        sse.start();
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual()
                .start(
                        () -> {
                            while (!silent.isClosed()) {
                                try {
                                    held.add(silent.accept());
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        });
        gateway =
                GatewayFixture.start(
                        dir,
                        """
                targets:
                  - { name: stream, transport_type: streamable-http, url: "http://127.0.0.1:%d/mcp" }
                """
                                .formatted(sse.getAddress().getPort()));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        sse.stop(0);
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void passesSseThroughByteForByteWithLastEventIdAndCancelsUpstreamWhenClientLeaves()
            throws Exception {
        HttpRequest get =
                HttpRequest.newBuilder(gateway.baseUri().resolve("/mcp/stream"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", "e0")
                        .GET()
                        .build();
        HttpResponse<InputStream> response =
                GatewayFixture.HTTP.send(get, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        try (InputStream in = response.body()) {
            assertThat(in.readNBytes(EVENT.length * 3)).isEqualTo(concat(EVENT, EVENT, EVENT));
        }
        assertThat(lastEventId.get()).isEqualTo("e0");
        await().atMost(Duration.ofSeconds(10)).untilTrue(clientGone);
    }

    @Test
    void answersWithinThePerTargetTimeoutWhenTheUpstreamIsSilent() {
        HttpResponse<String> created =
                send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"name\":\"silent\",\"transport_type\":"
                                                        + "\"streamable-http\",\"url\":"
                                                        + "\"http://127.0.0.1:"
                                                        + silent.getLocalPort()
                                                        + "/mcp\"}"))
                                .build());
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> env =
                send(
                        HttpRequest.newBuilder(
                                        gateway.baseUri()
                                                .resolve("/api/targets/silent/env/default"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"TIMEOUT\":\"1s\"}"))
                                .build());
        assertThat(env.statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        HttpResponse<String> response =
                send(
                        mcpPost(
                                        gateway.baseUri(),
                                        "silent",
                                        ADMIN_TOKEN,
                                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}")
                                .build());
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("did not answer in time").contains("\"id\":5");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
