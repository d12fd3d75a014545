package io.reflow.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ui.oidc} block: defaults from {@code auth}, and errors naming the key. */
class ConsoleOidcConfigTest {

    private static final String JWT =
            "{ jwks_url: \"https://idp.example/keys\", issuer: \"https://idp.example/realms/r\" }";

    private static ConsoleOidcConfig parse(String jwt, String oidc) {
        return GatewayConfig.fromYaml(
                        "auth:\n  jwt: " + jwt + "\nui:\n  oidc: " + oidc + "\n", Map.of())
                .consoleOidc();
    }

    @Test
    void isOffWithoutAClientId() {
        assertThat(GatewayConfig.fromYaml("auth: {}", Map.of()).consoleOidc().enabled()).isFalse();
    }

    @Test
    void takesTheIssuerFromTheJwtBlockAndAsksForOpenidByDefault() {
        ConsoleOidcConfig oidc = parse(JWT, "{ client_id: reflow-console }");
        assertThat(oidc.enabled()).isTrue();
        assertThat(oidc.issuer()).isEqualTo("https://idp.example/realms/r");
        assertThat(oidc.scopes()).containsExactly("openid");
        assertThat(oidc.resource()).isEmpty();
        assertThat(oidc.discoveryUrl())
                .hasToString("https://idp.example/realms/r/.well-known/openid-configuration");
    }

    @Test
    void sendsTheOAuthResourceSoTheTokenAudienceIsTheGateway() {
        ConsoleOidcConfig oidc =
                GatewayConfig.fromYaml(
                                "auth:\n  jwt: "
                                        + JWT
                                        + "\n  oauth: { resource: \"https://gw.example/mcp\" }\n"
                                        + "ui: { oidc: { client_id: c, scopes: [openid, mcp] } }",
                                Map.of())
                        .consoleOidc();
        assertThat(oidc.resource()).isEqualTo("https://gw.example/mcp");
        assertThat(oidc.scopes()).containsExactly("openid", "mcp");
    }

    @Test
    void refusesScopesOrIssuerWithoutAClientId() {
        assertThatThrownBy(() -> parse(JWT, "{ scopes: [openid] }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ui.oidc.client_id: is required when");
    }

    @Test
    void refusesAClientIdWithASpace() {
        assertThatThrownBy(() -> parse(JWT, "{ client_id: \"my console\" }"))
                .hasMessageStartingWith("ui.oidc.client_id: must be 1 to 200 printable ASCII");
    }

    @Test
    void needsAJwksUrlToVerifyTheProvidersTokens() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{ issuer: \"https://idp.example\", hs256_secret:"
                                                + " \"0123456789abcdef0123456789abcdef\" }",
                                        "{ client_id: c }"))
                .hasMessageStartingWith("ui.oidc.client_id: needs auth.jwt.jwks_url");
    }

    @Test
    void needsAnIssuer() {
        assertThatThrownBy(() -> parse("{ jwks_url: \"https://idp/keys\" }", "{ client_id: c }"))
                .hasMessageStartingWith(
                        "ui.oidc.issuer: is required when auth.jwt.issuer is empty");
    }

    @Test
    void refusesAnIssuerOtherThanTheOneWhoseTokensAreAccepted() {
        assertThatThrownBy(() -> parse(JWT, "{ client_id: c, issuer: \"https://other.example\" }"))
                .hasMessageStartingWith("ui.oidc.issuer: 'https://other.example' differs from");
    }

    @Test
    void refusesAPlainHttpIssuerOffLoopback() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{ jwks_url: \"https://idp/keys\" }",
                                        "{ client_id: c, issuer: \"http://idp.example\" }"))
                .hasMessageStartingWith("ui.oidc.issuer: must be an https URL");
    }

    @Test
    void refusesABadScopeAndUnknownKeys() {
        assertThatThrownBy(() -> parse(JWT, "{ client_id: c, scopes: [\"two words\"] }"))
                .hasMessageStartingWith("ui.oidc.scopes[0]: must be one scope token");
        assertThatThrownBy(() -> parse(JWT, "{ client_id: c, secret: s }"))
                .hasMessageStartingWith("ui.oidc.secret: unknown key");
    }
}
