package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.MovableClock;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions of {@code /mcp} and {@code /mcp/{target}} end after {@code session.timeout} (30 minutes
 * here) without a request, over HTTP against a gateway whose clock the test moves, in front of the
 * reference server.
 */
class SessionExpiryHttpTest {

    private static final String AGGREGATE_IN_FLIGHT = "reflow_mcp_aggregate_requests_in_flight";
    private static final String TARGET_IN_FLIGHT = "reflow_mcp_requests_in_flight";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @TempDir static Path dir;
    static ReferenceMcpServer upstream;
    static Gateway gateway;
    static final MovableClock CLOCK = new MovableClock(Instant.now());

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(
                                GatewayFixture.yaml(
                                        dir,
                                        GatewayFixture.staticTarget(
                                                "everything", upstream.mcpUri())),
                                Map.of()),
                        null,
                        Map.of("PATH", System.getenv("PATH")),
                        CLOCK);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    /**
     * Lists tools in {@code session} and waits until the gateway has finished the request: it
     * counts the end of a request as the session's last use after the answer has gone, so the clock
     * must not move before then. The gateway releases the request's slot right after.
     */
    private static void use(RawMcpSession session, String inFlightGauge) {
        assertThat(session.send(LIST).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> GatewayFixture.metricValue(gateway.baseUri(), inFlightGauge) == 0);
    }

    private static RawMcpSession open(String path) {
        URI endpoint = gateway.baseUri().resolve(path);
        return RawMcpSession.open(endpoint, GatewayFixture.userToken("alice"), "2025-06-18");
    }

    /** A session used at +20 and +40 minutes answers; 31 idle minutes later it is 404. */
    private static void answersWhileUsedThenIs404AfterTheTimeout(String path, String inFlight) {
        RawMcpSession session = open(path);
        use(session, inFlight);
        CLOCK.advance(Duration.ofMinutes(20));
        use(session, inFlight);
        CLOCK.advance(Duration.ofMinutes(20));
        use(session, inFlight);

        CLOCK.advance(Duration.ofMinutes(31));

        HttpResponse<String> late = session.send(LIST);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(404);
    }

    @Test
    void anAggregateSessionAnswersWhileUsedAndIs404AfterTheTimeoutWithoutARequest() {
        answersWhileUsedThenIs404AfterTheTimeout("/mcp", AGGREGATE_IN_FLIGHT);
    }

    @Test
    void aTargetSessionAnswersWhileUsedAndIs404AfterTheTimeoutWithoutARequest() {
        answersWhileUsedThenIs404AfterTheTimeout("/mcp/everything", TARGET_IN_FLIGHT);
    }
}
