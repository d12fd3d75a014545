package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.gateway.config.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Shared set-up for tests that run a real gateway in front of the reference MCP server. */
final class GatewayFixture {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final String JWT_SECRET = "test-jwt-secret-with-at-least-32-bytes!!";
    static final String SESSION_KEY = "test-session-key-shared-by-replicas";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayFixture() {}

    /** A config on an ephemeral loopback port with a file store in {@code dir}. */
    static String yaml(Path dir, String extra) {
        return """
                server: { host: 127.0.0.1, port: 0, max_body_bytes: 65536 }
                session: { key: "%s", timeout: 30m }
                auth:
                  admin_tokens: ["%s"]
                  jwt: { hs256_secret: "%s" }
                store: { kind: file, path: "%s" }
                encryption: { key: "%s" }
                %s
                """
                .formatted(
                        SESSION_KEY,
                        ADMIN_TOKEN,
                        JWT_SECRET,
                        dir.toString(),
                        "A".repeat(43) + "=",
                        extra);
    }

    static Gateway start(Path dir, String extra) {
        return Gateway.start(GatewayConfig.fromYaml(yaml(dir, extra), Map.of()));
    }

    /**
     * A gateway with static target {@code everything} at {@code mcpUri} whose {@code server} block
     * takes {@code serverKeys} (e.g. {@code "max_body_bytes: 65536, max_json_depth: 32"}) in place
     * of the fixture's body limit.
     */
    static Gateway startEverything(Path dir, URI mcpUri, String serverKeys) {
        String yaml =
                yaml(dir, staticTarget("everything", mcpUri))
                        .replace("max_body_bytes: 65536", serverKeys);
        return Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
    }

    /** A static target pointing at {@code mcpUri}. */
    static String staticTarget(String name, URI mcpUri) {
        return """
                targets:
                  - { name: %s, transport_type: streamable-http, url: "%s" }
                """
                .formatted(name, mcpUri);
    }

    /** An HS256 token for {@code subject}, valid for an hour. */
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
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An MCP SDK client for {@code base + endpoint}, sending {@code token} when not null. */
    static McpSyncClient client(
            URI base, String endpoint, String token, Consumer<McpClient.SyncSpec> customize) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client(base, endpoint, request, customize);
    }

    /**
     * An MCP SDK client for {@code base + endpoint} whose every request carries {@code
     * traceparent}.
     */
    static McpSyncClient tracedClient(URI base, String endpoint, String token, String traceparent) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder()
                        .header("Authorization", "Bearer " + token)
                        .header("traceparent", traceparent);
        return client(base, endpoint, request, spec -> {});
    }

    private static McpSyncClient client(
            URI base,
            String endpoint,
            HttpRequest.Builder request,
            Consumer<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport =
                HttpClientStreamableHttpTransport.builder(base.toString())
                        .endpoint(endpoint)
                        .requestBuilder(request)
                        .build();
        McpClient.SyncSpec spec =
                McpClient.sync(transport)
                        .requestTimeout(Duration.ofSeconds(30))
                        .clientInfo(
                                new McpSchema.Implementation(
                                        "reflow-test", null, "1.0", null, null, null));
        customize.accept(spec);
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    /** Sends a raw request and returns the response with its body as text. */
    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of a JSON-RPC body to {@code /mcp/{target}} with MCP headers. */
    static HttpRequest.Builder mcpPost(URI base, String target, String token, String json) {
        return mcpPost(base.resolve("/mcp/" + target), token, json);
    }

    /** A JSON POST to the MCP {@code endpoint}, with {@code token} as bearer when not null. */
    static HttpRequest.Builder mcpPost(URI endpoint, String token, String json) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static final String INITIALIZE =
            """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    /** The value of one sample of {@code /observe/metrics}, or 0 when it is not there yet. */
    static double metricValue(URI base, String sample) {
        String text =
                send(HttpRequest.newBuilder(base.resolve("/observe/metrics"))
                                .header("Accept", "text/plain")
                                .build())
                        .body();
        return text.lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    /** A GET that opens the SSE stream of {@code session} on a target's endpoint. */
    static HttpRequest getStream(URI base, String target, String token, String session) {
        return HttpRequest.newBuilder(base.resolve("/mcp/" + target))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18")
                .GET()
                .build();
    }

    /** Opens a session with a raw initialize; returns the gateway's session id. */
    static String initialize(URI base, String target, String token) {
        HttpResponse<String> response = send(mcpPost(base, target, token, INITIALIZE).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String session = response.headers().firstValue("mcp-session-id").orElseThrow();
        HttpResponse<String> initialized =
                send(
                        mcpPost(
                                        base,
                                        target,
                                        token,
                                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(initialized.statusCode()).isEqualTo(202);
        return session;
    }

    /** {@code text} as a JSON string literal. */
    static String jsonString(String text) {
        return io.reflow.gateway.json.Json.object().put("s", text).get("s").toString();
    }

    static List<String> names(List<McpSchema.Tool> tools) {
        return tools.stream().map(McpSchema.Tool::name).sorted().toList();
    }
}
