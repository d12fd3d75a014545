package io.reflow.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code auth.oauth} block: defaults from the JWT issuer, and errors naming the key. */
class OAuthConfigTest {

    private static GatewayConfig parse(String jwt, String oauth) {
        return GatewayConfig.fromYaml(
                "auth:\n  jwt: " + jwt + "\n  oauth: " + oauth + "\n", Map.of());
    }

    private static final String JWKS =
            "{ jwks_url: \"https://idp.example/keys\", issuer: \"https://idp.example/realms/r\" }";

    @Test
    void isOffWithoutAResource() {
        OAuthConfig oauth = GatewayConfig.fromYaml("auth: {}", Map.of()).auth().oauth();
        assertThat(oauth.enabled()).isFalse();
    }

    @Test
    void defaultsTheAuthorizationServerToTheJwtIssuer() {
        OAuthConfig oauth =
                parse(JWKS, "{ resource: \"https://gw.example/mcp\", scopes: [openid, mcp:tools] }")
                        .auth()
                        .oauth();
        assertThat(oauth.enabled()).isTrue();
        assertThat(oauth.authorizationServers()).containsExactly("https://idp.example/realms/r");
        assertThat(oauth.scopes()).containsExactly("openid", "mcp:tools");
        assertThat(oauth.resourceName()).isEqualTo("Reflow Gateway");
        assertThat(oauth.toString()).contains("resource=https://gw.example/mcp");
    }

    @Test
    void explicitAuthorizationServersReplaceTheIssuer() {
        OAuthConfig oauth =
                parse(
                                JWKS,
                                "{ resource: \"https://gw.example/mcp\", authorization_servers:"
                                        + " [\"https://login.example/tenant/v2.0\"], resource_name: Tools }")
                        .auth()
                        .oauth();
        assertThat(oauth.authorizationServers())
                .containsExactly("https://login.example/tenant/v2.0");
        assertThat(oauth.resourceName()).isEqualTo("Tools");
    }

    @Test
    void refusesAResourceThatIsNotTheMcpEndpoint() {
        assertThatThrownBy(() -> parse(JWKS, "{ resource: \"https://gw.example/api\" }"))
                .hasMessageStartingWith("auth.oauth.resource: must be the public URL")
                .hasMessageContaining("/mcp");
        assertThatThrownBy(() -> parse(JWKS, "{ resource: \"http://gw.example/mcp\" }"))
                .hasMessageStartingWith("auth.oauth.resource: must be an https URL");
        assertThatThrownBy(() -> parse(JWKS, "{ resource: \"https://gw.example/mcp?x=1\" }"))
                .hasMessageStartingWith("auth.oauth.resource: must have no user info");
        assertThat(parse(JWKS, "{ resource: \"http://127.0.0.1:8080/mcp\" }").auth().oauth())
                .extracting(OAuthConfig::resource)
                .isEqualTo("http://127.0.0.1:8080/mcp");
    }

    @Test
    void needsJwtVerificationAndAnAuthorizationServer() {
        assertThatThrownBy(() -> parse("{}", "{ resource: \"https://gw.example/mcp\" }"))
                .hasMessageStartingWith("auth.oauth.resource: needs auth.jwt.jwks_url");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{ jwks_url: \"https://idp.example/keys\" }",
                                        "{ resource: \"https://gw.example/mcp\" }"))
                .hasMessageStartingWith("auth.oauth.authorization_servers: is required");
        assertThatThrownBy(
                        () ->
                                parse(
                                        JWKS,
                                        "{ resource: \"https://gw.example/mcp\","
                                                + " authorization_servers: [\"ftp://idp\"] }"))
                .hasMessageStartingWith("auth.oauth.authorization_servers[0]: must be an https");
    }

    @Test
    void refusesScopesThatWouldBreakTheChallengeAndKeysWithoutAResource() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        JWKS,
                                        "{ resource: \"https://gw.example/mcp\", scopes: [\"a"
                                                + " b\"] }"))
                .hasMessageStartingWith("auth.oauth.scopes[0]: must be one scope token");
        assertThatThrownBy(() -> parse(JWKS, "{ scopes: [mcp] }"))
                .hasMessageStartingWith("auth.oauth.resource: is required");
        assertThatThrownBy(() -> parse(JWKS, "{ audience: x }"))
                .hasMessageStartingWith("auth.oauth.audience: unknown key");
    }
}
