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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line the proxy logs while serving a request carries the request's target as a field, in JSON
 * and in text, so log pipelines can filter on it without parsing messages.
 */
class LogFieldsHttpTest {

    @TempDir Path dir;

    @Test
    void theUpstreamWarningOfARequestCarriesItsTarget() throws Exception {
        List<String> json = new CopyOnWriteArrayList<>();
        List<String> text = new CopyOnWriteArrayList<>();
        // Formats as the process's console handler does: in publish, on the logging thread.
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        json.add(new JsonLogFormatter().format(record));
                        text.add(new TextLogFormatter().format(record));
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
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
        assertThat(json).isNotEmpty();
        JsonNode line = Json.read(json.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("message").asText()).contains("by ada");
        assertThat(line.path("target").asText()).isEqualTo("down");
        assertThat(text.get(0)).contains(" target=down");
    }
}
