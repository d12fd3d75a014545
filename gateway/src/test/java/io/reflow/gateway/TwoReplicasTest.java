package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.mcpPost;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.testing.ReferenceMcpServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas started from one config: a session opened on one continues on the other with
 * no shared state between them but the session key.
 */
class TwoReplicasTest {

    @TempDir Path dirA;
    @TempDir Path dirB;

    @Test
    void continuesASessionOpenedOnOneReplicaOnTheOther() {
        String user = GatewayFixture.userToken("alice");
        try (ReferenceMcpServer upstream = ReferenceMcpServer.start();
                Gateway a =
                        GatewayFixture.start(
                                dirA,
                                GatewayFixture.staticTarget("everything", upstream.mcpUri()));
                Gateway b =
                        GatewayFixture.start(
                                dirB,
                                GatewayFixture.staticTarget("everything", upstream.mcpUri()))) {
            String session = GatewayFixture.initialize(a.baseUri(), "everything", user);
            HttpResponse<String> call =
                    send(
                            mcpPost(
                                            b.baseUri(),
                                            "everything",
                                            user,
                                            """
                                            {"jsonrpc":"2.0","id":2,"method":"tools/call",\
                                            "params":{"name":"echo","arguments":{"message":"hop"}}}""")
                                    .header("Mcp-Session-Id", session)
                                    .header("MCP-Protocol-Version", "2025-06-18")
                                    .build());
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.body()).contains("Echo: hop");
            HttpResponse<String> end =
                    send(
                            HttpRequest.newBuilder(a.baseUri().resolve("/mcp/everything"))
                                    .header("Authorization", "Bearer " + user)
                                    .header("Mcp-Session-Id", session)
                                    .DELETE()
                                    .build());
            assertThat(end.statusCode()).isEqualTo(200);
            HttpResponse<String> otherUser =
                    send(
                            mcpPost(b.baseUri(), "everything", ADMIN_TOKEN, "{}")
                                    .header("Mcp-Session-Id", session)
                                    .build());
            assertThat(otherUser.statusCode()).isEqualTo(404);
        }
    }
}
