package io.reflow.e2e;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The gateway as its users see it: MCP through {@code /mcp/{target}} and the admin REST API. */
final class GatewayApi {

    /** First requests wait for a new instance to start; the gateway's own limit is 2 minutes. */
    private static final Duration MCP_TIMEOUT = Duration.ofSeconds(90);

    private final ClusterProvider cluster;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayApi(ClusterProvider cluster) {
        this.cluster = cluster;
    }

    /** A user's JWT (role {@code member}, group {@code staff}). */
    String userToken(String user) {
        return Jwt.hs256(cluster.jwtSecret(), user, "member", List.of("staff"));
    }

    /** An initialized MCP client of {@code user} on {@code target}, through the gateway. */
    McpSyncClient connect(String target, String user) {
        HttpClientStreamableHttpTransport transport =
                HttpClientStreamableHttpTransport.builder(cluster.gatewayUrl().toString())
                        .endpoint("/mcp/" + target)
                        .requestBuilder(
                                HttpRequest.newBuilder()
                                        .header("Authorization", "Bearer " + userToken(user)))
                        .build();
        McpSyncClient client =
                McpClient.sync(transport)
                        .requestTimeout(MCP_TIMEOUT)
                        .initializationTimeout(MCP_TIMEOUT)
                        .build();
        client.initialize();
        return client;
    }

    /** The environment of the MCP server behind {@code target} for {@code user}. */
    String serverEnvironment(String target, String user) {
        try (McpSyncClient client = connect(target, user)) {
            return environment(client);
        }
    }

    /** The environment the reference server reports through its {@code get-env} tool. */
    static String environment(McpSyncClient client) {
        return text(client.callTool(McpSchema.CallToolRequest.builder("get-env").build()));
    }

    /** Calls the reference server's {@code echo} tool and returns its text. */
    static String echo(McpSyncClient client, String message) {
        return text(
                client.callTool(
                        McpSchema.CallToolRequest.builder("echo")
                                .arguments(Map.of("message", message))
                                .build()));
    }

    /** Sets the env config of {@code target} at {@code scope} ({@code default}, {@code user/U}). */
    void setEnv(String target, String scope, Map<String, String> env) {
        String body =
                env.entrySet().stream()
                        .map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
        HttpResponse<String> response =
                send(
                        admin("/api/targets/" + target + "/env/" + scope)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        expectSuccess(response, "set env of " + target + " at " + scope);
    }

    /** Registers every test target ({@code POST /api/targets}); an existing one is kept. */
    void createTargets(String image, int port) {
        for (TestTargets.Spec target : TestTargets.ALL) {
            HttpResponse<String> response =
                    send(
                            admin("/api/targets")
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    TestTargets.json(target, image, port))));
            if (response.statusCode() != 409) {
                expectSuccess(response, "create target " + target.name());
            }
        }
    }

    /** {@code POST /api/targets/{id}/restart-instances}; returns the response body. */
    String restartInstances(String target) {
        HttpResponse<String> response =
                send(
                        admin("/api/targets/" + target + "/restart-instances")
                                .POST(HttpRequest.BodyPublishers.noBody()));
        expectSuccess(response, "restart instances of " + target);
        return response.body();
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(cluster.gatewayUrl().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + cluster.adminToken());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("gateway unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expectSuccess(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    what + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining("\n"));
    }

    private static String json(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
