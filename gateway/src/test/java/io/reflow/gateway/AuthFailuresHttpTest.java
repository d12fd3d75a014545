package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client sees when its token is refused: a 401 with a fixed, clean description. */
class AuthFailuresHttpTest {

    @TempDir static Path dir;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start(dir, "");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A token whose header field {@code typ} (read before the signature check) holds CR/LF. */
    private static String tokenWithInjectedTyp() throws Exception {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .type(new JOSEObjectType("x\r\nX-Injected: 1"))
                                .build(),
                        new JWTClaimsSet.Builder()
                                .subject("mallory")
                                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                                .build());
        jwt.sign(new MACSigner(GatewayFixture.JWT_SECRET));
        return jwt.serialize();
    }

    @Test
    void withoutOAuthConfiguredNoDiscoveryIsServedOrNamed() {
        HttpResponse<String> response =
                GatewayFixture.send(
                        HttpRequest.newBuilder(
                                        gateway.baseUri()
                                                .resolve("/.well-known/oauth-protected-resource"))
                                .build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("auth.oauth.resource");
        HttpResponse<String> refused =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        gateway.baseUri().resolve("/mcp/anything"),
                                        null,
                                        GatewayFixture.INITIALIZE)
                                .build());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"")
                .doesNotContain("resource_metadata");
    }

    @Test
    void tokenHeaderFieldsCannotAddResponseHeaders() throws Exception {
        String token = tokenWithInjectedTyp();
        for (String path : List.of("/mcp/anything", "/api/targets")) {
            HttpResponse<String> response =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            gateway.baseUri().resolve(path),
                                            token,
                                            GatewayFixture.INITIALIZE)
                                    .method(
                                            path.startsWith("/api") ? "GET" : "POST",
                                            HttpRequest.BodyPublishers.noBody())
                                    .build());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("X-Injected")).as(path).isEmpty();
            String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(challenge)
                    .as(path)
                    .startsWith("Bearer ")
                    .contains("error=\"invalid_token\"")
                    .contains("error_description=\"token rejected")
                    .doesNotContain("JOSE header")
                    .doesNotContain("X-Injected");
            assertThat(response.body())
                    .as(path)
                    .doesNotContain("X-Injected")
                    .doesNotContain("JOSE header");
        }
    }
}
