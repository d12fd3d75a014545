package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that accepts connections and never answers does not hold up an {@code /mcp} session
 * longer than its timeout ({@code server.read_timeout: 2s} here): the session opens with the other
 * target, and the slow one is counted as skipped.
 */
class AggregateSlowTargetTest {

    @TempDir Path dir;

    @Test
    void aTargetThatNeverAnswersIsLeftOutAfterItsTimeout() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ReferenceMcpServer upstream = ReferenceMcpServer.start();
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual()
                    .start(
                            () -> {
                                try {
                                    while (true) {
                                        held.add(silent.accept());
                                    }
                                } catch (java.io.IOException closed) {
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
                                    "max_body_bytes: 65536",
                                    "max_body_bytes: 65536, read_timeout: 2s");
            try (Gateway gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()))) {
                long start = System.nanoTime();
                try (McpSyncClient client =
                        GatewayFixture.client(
                                gateway.baseUri(),
                                "/mcp",
                                GatewayFixture.userToken("alice"),
                                spec -> {})) {
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .isLessThan(Duration.ofSeconds(15));
                    assertThat(GatewayFixture.names(client.listTools().tools()))
                            .contains("quick_echo")
                            .noneMatch(n -> n.startsWith("silent_"));
                }
                assertThat(
                                GatewayFixture.send(
                                                HttpRequest.newBuilder(
                                                                gateway.baseUri()
                                                                        .resolve(
                                                                                "/observe/metrics"))
                                                        .build())
                                        .body())
                        .contains("reflow_mcp_aggregate_targets_skipped_total{target=\"silent\"");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
