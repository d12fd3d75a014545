package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT users named {@code admin} or {@code anonymous} are not the gateway's built-in identities. */
class IdentityNamespacesTest {

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";

    @TempDir static Path dir;
    private static ReferenceMcpServer upstream;
    private static Gateway gateway;
    private static URI base;

    @BeforeAll
    static void start() {
        upstream = ReferenceMcpServer.start();
        String yaml =
                GatewayFixture.yaml(
                                dir, GatewayFixture.staticTarget("everything", upstream.mcpUri()))
                        .replace("admin_tokens:", "allow_anonymous: true\n  admin_tokens:");
        gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
        base = gateway.baseUri();
    }

    @AfterAll
    static void stop() {
        try {
            gateway.close();
        } finally {
            upstream.close();
        }
    }

    private static int listWith(String token, String session) {
        HttpResponse<String> response =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(base, "everything", token, LIST)
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        return response.statusCode();
    }

    @Test
    void aJwtUserNamedAdminCannotUseTheAdminTokensSession() {
        String session = GatewayFixture.initialize(base, "everything", GatewayFixture.ADMIN_TOKEN);

        assertThat(listWith(GatewayFixture.ADMIN_TOKEN, session)).isEqualTo(200);
        assertThat(listWith(GatewayFixture.userToken("admin"), session)).isEqualTo(404);
    }

    @Test
    void aJwtUserNamedAnonymousCannotUseAnAnonymousSession() {
        String session = GatewayFixture.initialize(base, "everything", null);

        assertThat(listWith(null, session)).isEqualTo(200);
        assertThat(listWith(GatewayFixture.userToken("anonymous"), session)).isEqualTo(404);
    }

    @Test
    void theBuiltInIdentitiesCannotUseSessionsOfJwtUsersNamedLikeThem() {
        String admin =
                GatewayFixture.initialize(base, "everything", GatewayFixture.userToken("admin"));
        String anonymous =
                GatewayFixture.initialize(
                        base, "everything", GatewayFixture.userToken("anonymous"));

        assertThat(listWith(GatewayFixture.ADMIN_TOKEN, admin)).isEqualTo(404);
        assertThat(listWith(null, anonymous)).isEqualTo(404);
    }
}
