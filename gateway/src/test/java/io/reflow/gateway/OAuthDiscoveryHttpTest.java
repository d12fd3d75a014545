package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth discovery as an MCP client meets it: the RFC 9728 documents, the 401 that points at them,
 * RS256 tokens from a JWKS (an identity provider stand-in on loopback) accepted only for the
 * gateway's resource, and the client's token never reaching the upstream MCP server (a loopback
 * server that records every request header it gets).
 */
class OAuthDiscoveryHttpTest {

    private static final String RESOURCE = "https://gateway.example.com/mcp";
    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    @TempDir static Path dir;
    private static HttpServer idp;
    private static HttpServer upstream;
    private static final List<Map<String, List<String>>> upstreamHeaders =
            new CopyOnWriteArrayList<>();
    private static RSAKey key;
    private static String issuer;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext(
                "/keys",
                exchange -> {
                    byte[] body =
                            new JWKSet(key.toPublicJWK())
                                    .toString(true)
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        idp.start();
        issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/reflow";
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext(
                "/mcp",
                exchange -> {
                    upstreamHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
                    exchange.getRequestBody().readAllBytes();
                    byte[] body =
                            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":"
                                            + "\"2025-06-18\",\"capabilities\":{},\"serverInfo\":"
                                            + "{\"name\":\"recorder\",\"version\":\"1\"}}}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        upstream.start();
        URI upstreamUri =
                URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp");
        String yaml =
                GatewayFixture.yaml(dir, GatewayFixture.staticTarget("recorder", upstreamUri))
                        .replace(
                                "  jwt: { hs256_secret: \"" + GatewayFixture.JWT_SECRET + "\" }",
                                """
                                  jwt: { jwks_url: "%s", issuer: "%s" }
                                  oauth:
                                    resource: "%s"
                                    scopes: [openid, "mcp:tools"]\
                                """
                                        .formatted(
                                                issuer.replace("/realms/reflow", "/keys"),
                                                issuer,
                                                RESOURCE));
        assertThat(yaml).contains("oauth:");
        gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop(0);
        idp.stop(0);
    }

    private static String token(List<String> audience) throws Exception {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                        new JWTClaimsSet.Builder()
                                .issuer(issuer)
                                .audience(audience)
                                .subject("ada")
                                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                                .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(String path) {
        return GatewayFixture.send(HttpRequest.newBuilder(gateway.baseUri().resolve(path)).build());
    }

    private static HttpResponse<String> initialize(String path, String token) {
        return GatewayFixture.send(
                GatewayFixture.mcpPost(
                                gateway.baseUri().resolve(path), token, GatewayFixture.INITIALIZE)
                        .build());
    }

    @Test
    void servesTheMetadataDocumentsOfTheResourceAndOfEachTargetPath() throws Exception {
        for (String path : List.of(WELL_KNOWN, WELL_KNOWN + "/mcp")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            JsonNode doc = Json.read(response.body().getBytes(StandardCharsets.UTF_8));
            assertThat(doc.path("resource").asText()).isEqualTo(RESOURCE);
            assertThat(doc.path("authorization_servers").toString())
                    .isEqualTo("[\"" + issuer + "\"]");
            assertThat(doc.path("scopes_supported").toString())
                    .isEqualTo("[\"openid\",\"mcp:tools\"]");
            assertThat(doc.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
            assertThat(doc.path("resource_name").asText()).isEqualTo("Reflow Gateway");
        }
        JsonNode target =
                Json.read(
                        get(WELL_KNOWN + "/mcp/recorder").body().getBytes(StandardCharsets.UTF_8));
        assertThat(target.path("resource").asText()).isEqualTo(RESOURCE + "/recorder");
        HttpResponse<String> none = get(WELL_KNOWN + "/api/targets");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("\"code\":\"not_found\"");
    }

    @Test
    void aRequestWithoutATokenIsToldWhereToGetOne() {
        // The aggregated endpoint, where clients are pointed, and a target's own.
        for (String path : List.of("/mcp", "/mcp/recorder")) {
            HttpResponse<String> response = initialize(path, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(path)
                    .hasValue(
                            "Bearer realm=\"reflow\","
                                    + " resource_metadata=\"https://gateway.example.com"
                                    + WELL_KNOWN
                                    + path
                                    + "\", scope=\"openid mcp:tools\"");
        }
    }

    @Test
    void aTokenForTheResourceReachesTheTargetButNeverTheUpstream() throws Exception {
        for (String audience : List.of(RESOURCE, RESOURCE + "/recorder")) {
            String token = token(List.of(audience));
            upstreamHeaders.clear();
            HttpResponse<String> response = initialize("/mcp/recorder", token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"name\":\"recorder\"");
            assertThat(upstreamHeaders).isNotEmpty();
            for (Map<String, List<String>> headers : upstreamHeaders) {
                assertThat(headers.keySet())
                        .noneMatch(name -> name.equalsIgnoreCase("authorization"));
                assertThat(headers.toString()).doesNotContain(token);
            }
        }
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedAsInvalid() throws Exception {
        String token = token(List.of("https://other.example.com/mcp"));
        upstreamHeaders.clear();
        for (String path : List.of("/mcp/recorder", "/api/targets")) {
            HttpResponse<String> response =
                    path.startsWith("/api")
                            ? GatewayFixture.send(
                                    HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                                            .header("Authorization", "Bearer " + token)
                                            .build())
                            : initialize(path, token);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(challenge)
                    .as(path)
                    .contains("resource_metadata=\"https://gateway.example.com" + WELL_KNOWN)
                    .contains("error=\"invalid_token\"")
                    .contains("error_description=\"token audience is not this gateway\"");
        }
        assertThat(upstreamHeaders).isEmpty();
    }
}
