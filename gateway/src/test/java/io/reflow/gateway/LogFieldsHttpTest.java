package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.logging.JsonLogFormatter;
import io.reflow.gateway.logging.TextLogFormatter;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line the proxy logs while serving a request carries the request's target as a field, in JSON
 * and in text, so log pipelines can filter on it without parsing messages.
 */
class LogFieldsHttpTest {

    @TempDir Path dir;

    /** Formats as the process's console handler does: in publish, on the logging thread. */
    private static final class Capture extends Handler {
        final List<String> json = new CopyOnWriteArrayList<>();
        final List<String> text = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            json.add(new JsonLogFormatter().format(record));
            text.add(new TextLogFormatter().format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void theUpstreamWarningOfARequestCarriesItsTarget() throws Exception {
        Capture capture = new Capture();
        Logger logger = Logger.getLogger("io.reflow.gateway.proxy.UpstreamCall");
        logger.addHandler(capture);
        URI closed = URI.create("http://127.0.0.1:" + ReferenceMcpServer.freePort() + "/mcp");
        try (Gateway gateway =
                GatewayFixture.start(dir, GatewayFixture.staticTarget("down", closed))) {
            HttpResponse<String> response =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            gateway.baseUri(),
                                            "down",
                                            GatewayFixture.userToken("ada"),
                                            GatewayFixture.INITIALIZE)
                                    .build());
            assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(capture.json).isNotEmpty();
        JsonNode line = Json.read(capture.json.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("message").asText()).contains("by ada");
        assertThat(line.path("target").asText()).isEqualTo("down");
        assertThat(capture.text.get(0)).contains(" target=down");
    }

    @Test
    void aStdioServersStderrLinesCarryItsTargetAndInstance() throws Exception {
        Capture capture = new Capture();
        Logger logger = Logger.getLogger("io.reflow.gateway.stdio.StderrLog");
        logger.addHandler(capture);
        // A minimal MCP server: one line on stderr, then an answer to every request.
        String server =
                "console.error('hello from stderr');"
                        + "require('readline').createInterface({input:process.stdin}).on('line',"
                        + " l => { const m = JSON.parse(l); if (m.id !== undefined && m.method)"
                        + " console.log(JSON.stringify({jsonrpc:'2.0', id:m.id, result:"
                        + "{protocolVersion:'2025-06-18', capabilities:{}, serverInfo:"
                        + "{name:'chatty', version:'1'}}})); });";
        String target =
                Json.object()
                        .put("name", "chatty")
                        .put("transport_type", "stdio")
                        .set("command", Json.array().add("node").add("-e").add(server))
                        .toString();
        try (Gateway gateway = GatewayFixture.start(dir, "")) {
            HttpResponse<String> created =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            gateway.baseUri().resolve("/api/targets"),
                                            GatewayFixture.ADMIN_TOKEN,
                                            target)
                                    .build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> response =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            gateway.baseUri(),
                                            "chatty",
                                            GatewayFixture.userToken("ada"),
                                            GatewayFixture.INITIALIZE)
                                    .build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> capture.json.stream().anyMatch(l -> l.contains("hello")));
        } finally {
            logger.removeHandler(capture);
        }
        String json =
                capture.json.stream().filter(l -> l.contains("hello")).findFirst().orElseThrow();
        JsonNode line = Json.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("target").asText()).isEqualTo("chatty");
        assertThat(line.path("instance").asText()).startsWith("chatty-");
        assertThat(capture.text.stream().filter(l -> l.contains("hello")).findFirst().orElseThrow())
                .contains(" target=chatty instance=chatty-");
    }
}
