package io.reflow.gateway.kubernetes;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** A user or admin of a running gateway: REST calls and MCP SDK sessions through /mcp/{target}. */
final class GatewayClient {

    static final String ADMIN_TOKEN = "kubernetes-test-admin-token-0123456789";
    static final String JWT_SECRET = "kubernetes-test-jwt-secret-with-32-bytes!!";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    GatewayClient(URI base) {
        this.base = base;
    }

    /** The gateway config used by the full-stack tests, with {@code kubernetes} settings. */
    static String yaml(String namespace, String kubernetesExtra) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                session: { key: "kubernetes-test-session-key", timeout: 30m }
                auth:
                  admin_tokens: ["%s"]
                  jwt: { hs256_secret: "%s" }
                store: { kind: kubernetes }
                encryption: { key: "%s" }
                kubernetes: { enabled: true, namespace: %s, %s }
                """
                .formatted(
                        ADMIN_TOKEN, JWT_SECRET, "A".repeat(43) + "=", namespace, kubernetesExtra);
    }

    /** An HS256 token for {@code subject} with role {@code user}. */
    static String userToken(String subject) {
        try {
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader(JWSAlgorithm.HS256),
                            new JWTClaimsSet.Builder()
                                    .subject(subject)
                                    .claim("role", "user")
                                    .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                                    .build());
            jwt.sign(new MACSigner(JWT_SECRET));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An admin request with a JSON body; returns the response. */
    HttpResponse<String> admin(String method, String path, String json) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    /** A raw MCP initialize POST of {@code subject} to {@code /mcp/{target}}. */
    HttpResponse<String> rawInitialize(String target, String subject) {
        return send(
                HttpRequest.newBuilder(base.resolve("/mcp/" + target))
                        .header("Authorization", "Bearer " + userToken(subject))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                                                + "\"params\":{\"protocolVersion\":\"2025-06-18\","
                                                + "\"capabilities\":{},\"clientInfo\":"
                                                + "{\"name\":\"raw\",\"version\":\"1\"}}}"))
                        .build());
    }

    /** An initialized MCP SDK session of {@code subject} with {@code /mcp/{target}}. */
    McpSyncClient session(String target, String subject) {
        return sessionAt("/mcp/" + target, subject);
    }

    /** An initialized MCP SDK session of {@code subject} with the aggregated {@code /mcp}. */
    McpSyncClient aggregateSession(String subject) {
        return sessionAt("/mcp", subject);
    }

    private McpSyncClient sessionAt(String endpoint, String subject) {
        HttpClientStreamableHttpTransport transport =
                HttpClientStreamableHttpTransport.builder(base.toString())
                        .endpoint(endpoint)
                        .requestBuilder(
                                HttpRequest.newBuilder()
                                        .header("Authorization", "Bearer " + userToken(subject)))
                        .build();
        McpSyncClient client =
                McpClient.sync(transport)
                        .requestTimeout(Duration.ofSeconds(90))
                        // The first initialize of a user waits for the user's Pod to start.
                        .initializationTimeout(Duration.ofSeconds(90))
                        .build();
        client.initialize();
        return client;
    }

    /** The environment of the MCP server process that serves {@code subject} (tool get-env). */
    String environmentSeenBy(String target, String subject) {
        try (McpSyncClient client = session(target, subject)) {
            return environment(client);
        }
    }

    /** The environment of the server behind an open session. */
    static String environment(McpSyncClient client) {
        McpSchema.CallToolResult result =
                client.callTool(
                        McpSchema.CallToolRequest.builder("get-env").arguments(Map.of()).build());
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
