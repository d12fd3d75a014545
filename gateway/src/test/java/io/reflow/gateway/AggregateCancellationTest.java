package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's {@code notifications/cancelled} on {@code /mcp}, with two targets that are each their
 * own reference server behind a {@link WireTap}: the cancellation reaches the one server that runs
 * the request, with the id that server was sent, and the client's answer ends without a result.
 */
class AggregateCancellationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String CANCELLED = "\"method\":\"notifications/cancelled\"";

    @TempDir static Path dir;
    static ReferenceMcpServer alphaServer;
    static ReferenceMcpServer betaServer;
    static WireTap alpha;
    static WireTap beta;
    static Gateway gateway;

    @BeforeAll
    static void start() {
        alphaServer = ReferenceMcpServer.start();
        betaServer = ReferenceMcpServer.start();
        alpha = WireTap.to(alphaServer.port());
        beta = WireTap.to(betaServer.port());
        String targets =
                """
                targets:
                  - { name: alpha, transport_type: streamable-http, url: "%s" }
                  - { name: beta, transport_type: streamable-http, url: "%s" }
                """
                        .formatted(alpha.uri("/mcp"), beta.uri("/mcp"));
        gateway =
                Gateway.start(GatewayConfig.fromYaml(GatewayFixture.yaml(dir, targets), Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c :
                new AutoCloseable[] {gateway, alpha, beta, alphaServer, betaServer}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static RawMcpSession session() {
        return RawMcpSession.open(
                gateway.baseUri().resolve("/mcp"), GatewayFixture.userToken("alice"), "2025-06-18");
    }

    /** Starts a one-minute operation of alpha, one progress step a second, and waits for a step. */
    private static RawMcpSession.LiveStream longOperation(RawMcpSession session, int id) {
        RawMcpSession.LiveStream operation =
                session.stream(
                        """
                        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{\
                        "name":"alpha_trigger-long-running-operation",\
                        "arguments":{"duration":60,"steps":60},"_meta":{"progressToken":"p-%d"}}}"""
                                .formatted(id, id));
        await().atMost(PATIENCE)
                .until(() -> operation.messages().stream().anyMatch(m -> m.contains("progress")));
        return operation;
    }

    @Test
    void aCancellationReachesOnlyTheTargetRunningTheRequestAndTheAnswerEndsWithoutAResult() {
        RawMcpSession session = session();
        RawMcpSession.LiveStream operation = longOperation(session, 41);
        int betaBefore = beta.sent().length();

        HttpResponse<String> cancelled =
                session.send(
                        """
                        {"jsonrpc":"2.0","method":"notifications/cancelled",\
                        "params":{"requestId":41,"reason":"no longer needed"}}""");

        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(cancelled.body()).isEmpty();
        // Well before the operation's 60 s: the answer stopped, it did not run to its end.
        assertThat(operation.ended()).succeedsWithin(PATIENCE).isEqualTo(200);
        assertThat(operation.messages()).noneMatch(m -> m.contains("\"result\""));
        assertThat(alpha.sent())
                .as("alpha, which runs request 41, is told with the id it was sent")
                .contains(CANCELLED)
                .containsPattern("\"requestId\"\\s*:\\s*41\\b");
        assertThat(beta.sent().substring(betaBefore)).doesNotContain(CANCELLED);
        assertThat(session.delete().statusCode()).isEqualTo(200);
    }

    @Test
    void theSessionGoesOnAfterACancellation() throws Exception {
        RawMcpSession session = session();
        RawMcpSession.LiveStream operation = longOperation(session, 7);
        session.send(
                """
                {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}""");
        operation.ended().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        HttpResponse<String> echo =
                session.send(
                        """
                        {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{\
                        "name":"beta_echo","arguments":{"message":"still here"}}}""");
        assertThat(RawMcpSession.only(echo).path("result").toString()).contains("still here");
        assertThat(session.delete().statusCode()).isEqualTo(200);
    }
}
