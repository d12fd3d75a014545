package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that accepts connections and never answers does not hold up {@code GET
 * /api/access/effective} longer than its timeout ({@code server.read_timeout: 2s} here): the answer
 * comes with an error for that target and the items of the other.
 */
class EffectiveAccessSlowTargetTest {

    @TempDir Path dir;

    @Test
    void aTargetThatNeverAnswersGetsAnErrorAfterItsTimeoutAndTheOtherIsListed() throws Exception {
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
                HttpResponse<String> answer =
                        AccessFixture.admin(
                                gateway.baseUri(), "GET", "/api/access/effective?user=alice", null);
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode targetsNode = new ObjectMapper().readTree(answer.body()).path("targets");
                assertThat(targetsNode.get(1).path("name").asText()).isEqualTo("silent");
                assertThat(targetsNode.get(1).path("error").asText()).contains("in time");
                List<String> tools = new ArrayList<>();
                targetsNode.get(0).path("tools").forEach(t -> tools.add(t.asText()));
                assertThat(targetsNode.get(0).path("name").asText()).isEqualTo("quick");
                assertThat(tools).contains("echo");
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
