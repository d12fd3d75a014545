package io.reflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.MovableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin tokens and JWTs (HS256, and RS256/ES256 from a JWKS served on loopback). */
class AuthenticatorTest {

    private static final String SECRET = "s".repeat(40);

    private HttpServer jwksServer;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void startJwks() throws Exception {
        jwksServer =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext(
                "/jwks",
                exchange -> {
                    fetches.incrementAndGet();
                    byte[] body =
                            new JWKSet(List.copyOf(published))
                                    .toString(true)
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        jwksServer.start();
    }

    @AfterEach
    void stopJwks() {
        jwksServer.stop(0);
    }

    private final MovableClock clock = new MovableClock(Instant.now());

    private Authenticator authenticator(boolean anonymous) {
        String jwks = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
        return new Authenticator(
                new GatewayConfig.Auth(
                        List.of("admin-token"),
                        new GatewayConfig.Jwt(
                                SECRET,
                                jwks,
                                "https://idp.example",
                                "reflow",
                                new GatewayConfig.Claims("email", "app_role", "teams"),
                                Duration.ofMinutes(5)),
                        anonymous,
                        "admin",
                        false),
                clock);
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("https://idp.example")
                .audience("reflow")
                .claim("email", "ada@example.com")
                .claim("app_role", "dev")
                .claim("teams", List.of("core", "api"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static Optional<String> bearer(String token) {
        return Optional.of("Bearer " + token);
    }

    @Test
    void acceptsAdminTokensAndGrantsAdmin() {
        Identity admin = authenticator(false).authenticate(bearer("admin-token"));
        assertThat(admin.admin()).isTrue();
    }

    @Test
    void acceptsAccessTokensTypedAtJwtAndRefusesOtherTypes() throws Exception {
        MACSigner signer = new MACSigner(SECRET);
        // RFC 9068: what OAuth authorization servers put in the header of JWT access tokens.
        String accessToken =
                sign(
                        signer,
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .type(new JOSEObjectType("at+jwt"))
                                .build(),
                        claims().build());
        assertThat(authenticator(false).authenticate(bearer(accessToken)).subject())
                .isEqualTo("ada@example.com");
        String logoutToken =
                sign(
                        signer,
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .type(new JOSEObjectType("logout+jwt"))
                                .build(),
                        claims().build());
        assertThatThrownBy(() -> authenticator(false).authenticate(bearer(logoutToken)))
                .isInstanceOf(AuthException.class);
    }

    @Test
    void readsConfiguredClaimsFromAnHs256Token() throws Exception {
        String token =
                sign(new MACSigner(SECRET), new JWSHeader(JWSAlgorithm.HS256), claims().build());
        Identity identity = authenticator(false).authenticate(bearer(token));
        assertThat(identity)
                .isEqualTo(new Identity("ada@example.com", "dev", List.of("core", "api"), false));
    }

    @Test
    void verifiesRs256AndEs256WithKeysFromTheJwksAndRefreshesOnUnknownKid() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        published.add(rsa.toPublicJWK());
        Authenticator authenticator = authenticator(false);
        String rsToken =
                sign(
                        new RSASSASigner(rsa),
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                        claims().build());
        assertThat(authenticator.authenticate(bearer(rsToken)).subject())
                .isEqualTo("ada@example.com");
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
        published.add(ec.toPublicJWK());
        String esToken =
                sign(
                        new ECDSASigner(ec),
                        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-2").build(),
                        claims().build());
        // An unknown kid refreshes the keys, at most once per rate-limit interval.
        clock.advance(JwksKeys.minInterval(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(authenticator.authenticate(bearer(esToken)).subject())
                .isEqualTo("ada@example.com");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void rejectsUnsignedExpiredForeignAndForgedTokens() throws Exception {
        Authenticator authenticator = authenticator(false);
        MACSigner signer = new MACSigner(SECRET);
        JWSHeader hs = new JWSHeader(JWSAlgorithm.HS256);
        String none = new PlainJWT(new PlainHeader(), claims().build()).serialize();
        String expired =
                sign(
                        signer,
                        hs,
                        claims().expirationTime(Date.from(Instant.now().minusSeconds(600)))
                                .build());
        String wrongIssuer = sign(signer, hs, claims().issuer("https://evil").build());
        String wrongAudience = sign(signer, hs, claims().audience("other").build());
        String forged = sign(new MACSigner("f".repeat(40)), hs, claims().build());
        for (String token : List.of(none, expired, wrongIssuer, wrongAudience, forged, "a.b.c")) {
            assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
                    .as(token)
                    .isInstanceOf(AuthException.class)
                    .hasMessageNotContaining(token);
        }
    }

    @Test
    void mapsMissingTokenToAnonymousOnlyWhenAllowed() {
        assertThatThrownBy(() -> authenticator(false).authenticate(Optional.empty()))
                .isInstanceOf(AuthException.class)
                .hasMessage("missing bearer token");
        assertThat(authenticator(true).authenticate(Optional.empty()))
                .isEqualTo(Identity.ANONYMOUS);
        assertThatThrownBy(() -> authenticator(true).authenticate(Optional.of("Basic abc")))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("Bearer");
    }

    @Test
    void aJwtWhoseSubjectIsAdminIsNotTheAdminTokenIdentity() throws Exception {
        String token =
                sign(
                        new MACSigner(SECRET),
                        new JWSHeader(JWSAlgorithm.HS256),
                        claims().claim("email", "admin").build());
        Identity jwtAdmin = authenticator(false).authenticate(bearer(token));
        Identity builtIn = authenticator(false).authenticate(bearer("admin-token"));

        assertThat(jwtAdmin.subject()).isEqualTo(builtIn.subject());
        assertThat(jwtAdmin.kind()).isEqualTo(Identity.Kind.USER);
        assertThat(builtIn.kind()).isEqualTo(Identity.Kind.BUILT_IN);
        assertThat(jwtAdmin.key()).isEqualTo("user:admin").isNotEqualTo(builtIn.key());
        assertThat(Identity.ANONYMOUS.key()).isEqualTo("builtin:anonymous");
    }

    @Test
    void grantsAdminToTheAdminRole() throws Exception {
        String token =
                sign(
                        new MACSigner(SECRET),
                        new JWSHeader(JWSAlgorithm.HS256),
                        claims().claim("app_role", "admin").build());
        assertThat(authenticator(false).authenticate(bearer(token)).admin()).isTrue();
    }
}
