package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dozens of parallel maximum-size hostile bodies (wide: millions of tokens; deep: thousands of
 * nested arrays) against a gateway process with the chart's JVM options under its memory limit
 * ({@code -XX:MaxRAM=512m -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError}, one CPU) and the
 * default limits: the heap holds, the process lives, and another user is served meanwhile.
 */
class HostileBodiesUnderChartHeapTest {

    /** The default {@code server.max_body_bytes}. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private static final int HOSTILE_REQUESTS = 48;

    /** What {@link #post} reports when the connection closed before an answer was read. */
    private static final int CLOSED_EARLY = 0;

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Process gateway;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        upstream = ReferenceMcpServer.start();
        port = ReferenceMcpServer.freePort();
        String yaml =
                GatewayFixture.yaml(
                                dir.resolve("data"),
                                GatewayFixture.staticTarget("everything", upstream.mcpUri()))
                        .replace(
                                "port: 0, max_body_bytes: 65536",
                                "port: " + port + ", max_body_bytes: " + MAX_BODY);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, yaml);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        gateway =
                new ProcessBuilder(
                                java,
                                "-XX:ActiveProcessorCount=1",
                                "-XX:MaxRAM=512m",
                                "-XX:MaxRAMPercentage=75.0",
                                "-XX:+ExitOnOutOfMemoryError",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName(),
                                "--config",
                                config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("gateway.log").toFile())
                        .start();
        awaitHealthy();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void parallelMaximumSizeBodiesNeitherExhaustTheHeapNorStopAnotherUser() throws Exception {
        String mallory = GatewayFixture.userToken("mallory");
        byte[] wide = wideBody();
        byte[] deep = deepBody();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> hostile = new ArrayList<>();
            for (int i = 0; i < HOSTILE_REQUESTS; i++) {
                byte[] body = i % 2 == 0 ? wide : deep;
                hostile.add(threads.submit(() -> post(client, mallory, body)));
            }
            // While they run, another user opens a session and is served.
            assertThat(post(client, GatewayFixture.userToken("alice"), initialize()))
                    .isEqualTo(200);
            for (Future<Integer> answer : hostile) {
                statuses.add(answer.get(120, TimeUnit.SECONDS));
            }
        }

        assertThat(statuses)
                .allSatisfy(s -> assertThat(s).isIn(400, 413, 429, 503, CLOSED_EARLY))
                .contains(400);
        assertThat(gateway.isAlive()).as(Files.readString(dir.resolve("gateway.log"))).isTrue();
        assertThat(post(client, GatewayFixture.userToken("alice"), initialize())).isEqualTo(200);
    }

    /** A body of the maximum size whose array holds about two million numbers. */
    private static byte[] wideBody() {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"a\":[";
        StringBuilder body = new StringBuilder(MAX_BODY).append(head);
        while (body.length() < MAX_BODY - 16) {
            body.append("0,");
        }
        body.append("0]}}");
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A body of the maximum size that is nothing but nested arrays. */
    private static byte[] deepBody() {
        int depth = MAX_BODY / 2;
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] initialize() {
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"alice\",\"version\":\"1\"}}}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int post(HttpClient client, String token, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp/everything"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // The gateway refused and closed the connection before the whole body was sent.
            return CLOSED_EARLY;
        }
    }

    private static void awaitHealthy() throws Exception {
        HttpClient probe = HttpClient.newHttpClient();
        HttpRequest health =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                if (probe.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Another process: there is no event to wait for.
                Thread.sleep(50);
            }
            if (!gateway.isAlive()) {
                break;
            }
        }
        throw new IllegalStateException(
                "gateway did not start: " + Files.readString(dir.resolve("gateway.log")));
    }
}
