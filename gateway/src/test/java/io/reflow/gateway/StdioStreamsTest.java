package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress, cancellation and the session's GET stream of a stdio target (the reference server in
 * stdio mode).
 */
class StdioStreamsTest {

    private static final String LONG_CALL =
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":%d,"
                    + "\"steps\":%d},\"_meta\":{\"progressToken\":\"p-7\"}}}";

    @TempDir Path dir;
    private Gateway gateway;
    private URI base;
    private String token;
    private String session;

    @BeforeEach
    void start() {
        String target =
                """
                targets:
                  - name: everything
                    transport_type: stdio
                    command: node
                    args: ["node_modules/@modelcontextprotocol/server-everything/dist/index.js", "stdio"]
                    working_dir: "%s"
                """
                        .formatted(ReferenceMcpServer.serversDir().toAbsolutePath());
        gateway = GatewayFixture.start(dir, target);
        base = gateway.baseUri();
        token = GatewayFixture.userToken("alice");
        session = GatewayFixture.initialize(base, "everything", token);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void streamsProgressOfARequestBeforeItsResponse() {
        HttpResponse<String> response = GatewayFixture.send(post(LONG_CALL.formatted(2, 2)));
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        String body = response.body();
        assertThat(body).contains("notifications/progress").contains("\"progressToken\":\"p-7\"");
        assertThat(body.indexOf("notifications/progress")).isLessThan(body.indexOf("\"id\":7"));
        assertThat(body).contains("Long running operation completed");
    }

    @Test
    void endsTheStreamOfARequestTheClientCancelled() throws Exception {
        CompletableFuture<HttpResponse<Stream<String>>> call =
                GatewayFixture.HTTP.sendAsync(
                        post(LONG_CALL.formatted(60, 60)), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> inFlight = call.get(20, TimeUnit.SECONDS);
        HttpResponse<String> cancelled =
                GatewayFixture.send(
                        post(
                                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                        + "\"params\":{\"requestId\":7}}"));
        assertThat(cancelled.statusCode()).isEqualTo(202);
        // Ends long before the operation's 60 s; the response never comes.
        List<String> lines =
                CompletableFuture.supplyAsync(() -> inFlight.body().toList())
                        .get(20, TimeUnit.SECONDS);
        assertThat(String.join("\n", lines)).doesNotContain("completed");
    }

    @Test
    void deliversUnsolicitedNotificationsOnTheSessionsGetStream() throws Exception {
        HttpResponse<Stream<String>> stream =
                GatewayFixture.HTTP.send(
                        HttpRequest.newBuilder(base.resolve("/mcp/everything"))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "text/event-stream")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<String> logMessage =
                CompletableFuture.supplyAsync(
                        () ->
                                stream.body()
                                        .filter(line -> line.contains("notifications/message"))
                                        .findFirst()
                                        .orElse(""));
        HttpResponse<String> toggled =
                GatewayFixture.send(
                        post(
                                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                                        + "\"params\":{\"name\":\"toggle-simulated-logging\","
                                        + "\"arguments\":{}}}"));
        assertThat(toggled.body()).contains("\"id\":3");
        assertThat(logMessage.get(20, TimeUnit.SECONDS)).contains("\"level\"");
    }

    private HttpRequest post(String json) {
        return GatewayFixture.mcpPost(base, "everything", token, json)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18")
                .build();
    }
}
