package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.testing.ReferenceMcpServer;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GET stream's response head reaches the client as soon as the upstream sent it, before any event
 * and long before the first keep-alive comment: clients (and proxies in front) learn at once that
 * the stream is open.
 */
class SseHeadTest {

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Gateway gateway;
    static final String TOKEN = GatewayFixture.userToken("alice");

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        // No keep-alive comment for ten minutes: nothing but the head can arrive in the test.
        gateway =
                GatewayFixture.startEverything(
                        dir,
                        upstream.mcpUri(),
                        "max_body_bytes: 65536, stream_keepalive_interval: 10m,"
                                + " stream_idle_timeout: 20m");
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
    void getStreamHeadArrivesBeforeAnyEventOrComment() throws Exception {
        String session = GatewayFixture.initialize(gateway.baseUri(), "everything", TOKEN);
        HttpRequest get = GatewayFixture.getStream(gateway.baseUri(), "everything", TOKEN, session);

        // The reference server sends no event on a new GET stream.
        HttpResponse<InputStream> response =
                GatewayFixture.HTTP
                        .sendAsync(get, HttpResponse.BodyHandlers.ofInputStream())
                        .get(10, TimeUnit.SECONDS);

        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(body.available()).isZero();
        }
    }
}
