package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that accepts connections and never answers does not hold up {@code GET
 * /api/access/effective} longer than its timeout ({@code server.read_timeout: 2s} here): the answer
 * comes with an error for that target and the items of the other. While reports wait on it, one
 * caller cannot start more than two at once.
 */
class EffectiveAccessSlowTargetTest {

    private static final String EFFECTIVE = "/api/access/effective?user=alice";

    @TempDir Path dir;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ReferenceMcpServer upstream;
    private ServerSocket silent;
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        upstream = ReferenceMcpServer.start();
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                while (true) {
                                    held.add(silent.accept());
                                }
                            } catch (IOException closed) {
                                // The test is over.
                            }
                        });
        String targets =
                """
                targets:
                  - { name: quick, transport_type: streamable-http, url: "%s" }
                  - { name: silent, transport_type: streamable-http, url: "http://127.0.0.1:%d/mcp" }
                """
                        .formatted(upstream.mcpUri(), silent.getLocalPort());
        String yaml =
                GatewayFixture.yaml(dir, targets)
                        .replace(
                                "max_body_bytes: 65536", "max_body_bytes: 65536, read_timeout: 2s");
        gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
        upstream.close();
    }

    @Test
    void aTargetThatNeverAnswersGetsAnErrorAfterItsTimeoutAndTheOtherIsListed() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer =
                AccessFixture.admin(gateway.baseUri(), "GET", EFFECTIVE, null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode targets = new ObjectMapper().readTree(answer.body()).path("targets");
        assertThat(targets.get(1).path("name").asText()).isEqualTo("silent");
        assertThat(targets.get(1).path("error").asText()).contains("in time");
        List<String> tools = new ArrayList<>();
        targets.get(0).path("tools").forEach(t -> tools.add(t.asText()));
        assertThat(targets.get(0).path("name").asText()).isEqualTo("quick");
        assertThat(tools).contains("echo");
    }

    @Test
    void aThirdReportOfOneCallerWhileTwoAreUnderWayIsRefusedWith429() throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(gateway.baseUri().resolve(EFFECTIVE))
                        .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                        .build();
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(
                    GatewayFixture.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        // Both reports wait on the silent target once it holds a connection of each.
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() >= 2);

        HttpResponse<String> third = AccessFixture.admin(gateway.baseUri(), "GET", EFFECTIVE, null);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
        assertThat(third.body()).contains("too_many_requests");

        for (CompletableFuture<HttpResponse<String>> report : running) {
            assertThat(report.get().statusCode()).isEqualTo(200);
        }
        assertThat(AccessFixture.admin(gateway.baseUri(), "GET", EFFECTIVE, null).statusCode())
                .isEqualTo(200);
    }
}
