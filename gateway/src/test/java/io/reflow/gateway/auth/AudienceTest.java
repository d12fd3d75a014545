package io.reflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.config.OAuthConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 8707 audience checks: with {@code auth.oauth} a token must be for the gateway's resource (or
 * {@code auth.jwt.audience}); without it the old {@code auth.jwt.audience} rule is unchanged.
 */
class AudienceTest {

    private static final String SECRET = "a".repeat(40);
    private static final String RESOURCE = "https://gw.example/mcp";

    private static Authenticator authenticator(String audience, OAuthConfig oauth) {
        return new Authenticator(
                new GatewayConfig.Auth(
                        List.of(),
                        new GatewayConfig.Jwt(
                                SECRET,
                                "",
                                "https://idp.example",
                                audience,
                                new GatewayConfig.Claims("sub", "role", "groups"),
                                Duration.ofMinutes(5)),
                        false,
                        "admin",
                        false,
                        oauth));
    }

    private static final OAuthConfig OAUTH =
            new OAuthConfig(RESOURCE, List.of("https://idp.example"), List.of(), "Reflow Gateway");

    private static Optional<String> bearer(List<String> audience) throws Exception {
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder()
                        .issuer("https://idp.example")
                        .subject("ada")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        if (!audience.isEmpty()) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET));
        return Optional.of("Bearer " + jwt.serialize());
    }

    @Test
    void withOAuthATokenForTheResourceOrATargetUnderItIsAccepted() throws Exception {
        Authenticator auth = authenticator("", OAUTH);
        assertThat(auth.authenticate(bearer(List.of(RESOURCE))).subject()).isEqualTo("ada");
        assertThat(auth.authenticate(bearer(List.of(RESOURCE + "/github"))).subject())
                .isEqualTo("ada");
    }

    @Test
    void withOAuthATokenForAnotherAudienceOrNoneIsRefusedWithAFixedDescription() throws Exception {
        Authenticator auth = authenticator("", OAUTH);
        for (List<String> audience :
                List.of(List.of("https://other.example/mcp"), List.<String>of())) {
            assertThatThrownBy(() -> auth.authenticate(bearer(audience)))
                    .isInstanceOf(AuthException.class)
                    .hasMessage("token audience is not this gateway");
        }
    }

    @Test
    void withOAuthTheConfiguredJwtAudienceStillWorks() throws Exception {
        // Entra ID and Okta put their own audience (an app id URI) in tokens: configs that set
        // auth.jwt.audience for them keep working when OAuth discovery is turned on.
        Authenticator auth = authenticator("api://reflow", OAUTH);
        assertThat(auth.authenticate(bearer(List.of("api://reflow"))).subject()).isEqualTo("ada");
        assertThat(auth.authenticate(bearer(List.of(RESOURCE))).subject()).isEqualTo("ada");
        assertThatThrownBy(() -> auth.authenticate(bearer(List.of("api://other"))))
                .hasMessage("token audience is not this gateway");
    }

    @Test
    void withoutOAuthTheAudienceRuleIsUnchanged() throws Exception {
        Authenticator any = authenticator("", OAuthConfig.OFF);
        assertThat(any.authenticate(bearer(List.of("whatever"))).subject()).isEqualTo("ada");
        Authenticator exact = authenticator("reflow", OAuthConfig.OFF);
        assertThat(exact.authenticate(bearer(List.of("reflow"))).subject()).isEqualTo("ada");
        assertThatThrownBy(() -> exact.authenticate(bearer(List.of(RESOURCE))))
                .hasMessageStartingWith("token claims rejected");
    }
}
