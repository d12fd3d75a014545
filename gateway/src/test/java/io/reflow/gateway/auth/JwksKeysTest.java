package io.reflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS fetching against a local JWKS server that counts its fetches and can fail on demand. */
class JwksKeysTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private HttpServer server;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final MovableClock clock = new MovableClock(Instant.now());
    private RSAKey signing;
    private Authenticator authenticator;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/jwks",
                exchange -> {
                    fetches.incrementAndGet();
                    byte[] body =
                            down.get()
                                    ? "down".getBytes(StandardCharsets.UTF_8)
                                    : new JWKSet(List.copyOf(published))
                                            .toString(true)
                                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(down.get() ? 503 : 200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        signing = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        published.add(signing.toPublicJWK());
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
        authenticator =
                new Authenticator(
                        new GatewayConfig.Auth(
                                List.of(),
                                new GatewayConfig.Jwt(
                                        "",
                                        url,
                                        "",
                                        "",
                                        new GatewayConfig.Claims("sub", "role", "groups"),
                                        TTL),
                                false,
                                "admin",
                                false),
                        clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A distinct token (fresh jti) signed by {@code key} and naming {@code kid}. */
    private static String token(RSAKey key, String kid) throws Exception {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                        new JWTClaimsSet.Builder()
                                .subject("ada")
                                .jwtID(UUID.randomUUID().toString())
                                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                                .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private Identity authenticate(String token) {
        return authenticator.authenticate(Optional.of("Bearer " + token));
    }

    @Test
    void aStreamOfUnknownKeyIdsCausesABoundedNumberOfFetches() throws Exception {
        assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        RSAKey forger = new RSAKeyGenerator(2048).generate();
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofMillis(1100));
            String forged = token(forger, "made-up-" + i);
            assertThatThrownBy(() -> authenticate(forged)).isInstanceOf(AuthException.class);
        }
        // 33 s of made-up key ids (one a second): the library lets two fetches through per
        // 30 s interval, so two intervals allow four, where a fetch per token would be 31.
        assertThat(fetches.get()).isBetween(1, 4);
    }

    @Test
    void duringAnOutageCachedKeysKeepVerifyingAndFetchesStayBounded() throws Exception {
        assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        down.set(true);
        clock.advance(TTL.plusMinutes(1));
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(1100));
            assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        }
        assertThat(fetches.get()).isBetween(2, 4);
    }

    @Test
    void refreshesShortlyBeforeTheKeysExpire() throws Exception {
        assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        clock.advance(TTL.minusSeconds(10));

        assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fetches.get() == 2);
        clock.advance(Duration.ofSeconds(20)); // past the first fetch's TTL, not the refresh's
        assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void picksUpARotatedKey() throws Exception {
        assertThat(authenticate(token(signing, "rsa-1")).subject()).isEqualTo("ada");
        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        published.clear();
        published.add(next.toPublicJWK());
        clock.advance(JwksKeys.minInterval(TTL).plusSeconds(1));

        assertThat(authenticate(token(next, "rsa-2")).subject()).isEqualTo("ada");
        assertThat(fetches.get()).isEqualTo(2);
    }
}
