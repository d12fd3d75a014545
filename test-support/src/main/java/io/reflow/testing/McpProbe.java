package io.reflow.testing;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Real MCP traffic with the MCP Java SDK client to one MCP endpoint URL. */
public final class McpProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private McpProbe() {}

    /** Initializes a session at {@code mcpEndpoint} and returns the names of the server's tools. */
    public static List<String> toolNames(URI mcpEndpoint) {
        try (McpSyncClient client = client(mcpEndpoint, null)) {
            client.initialize();
            return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        }
    }

    /**
     * A client for {@code mcpEndpoint} sending {@code bearerToken} (null: none); the caller
     * initializes and closes it.
     */
    public static McpSyncClient client(URI mcpEndpoint, String bearerToken) {
        String base = mcpEndpoint.getScheme() + "://" + mcpEndpoint.getRawAuthority();
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (bearerToken != null) {
            requests.header("Authorization", "Bearer " + bearerToken);
        }
        HttpClientStreamableHttpTransport transport =
                HttpClientStreamableHttpTransport.builder(base)
                        .endpoint(mcpEndpoint.getRawPath())
                        .requestBuilder(requests)
                        .build();
        return McpClient.sync(transport)
                .requestTimeout(TIMEOUT)
                .initializationTimeout(TIMEOUT)
                .build();
    }

    /** Calls the reference server's {@code echo} tool and returns its text. */
    public static String echo(McpSyncClient client, String message) {
        return text(
                client.callTool(
                        McpSchema.CallToolRequest.builder("echo")
                                .arguments(Map.of("message", message))
                                .build()));
    }

    /** The environment the reference server reports through its {@code get-env} tool. */
    public static String environment(McpSyncClient client) {
        return text(client.callTool(McpSchema.CallToolRequest.builder("get-env").build()));
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining());
    }
}
