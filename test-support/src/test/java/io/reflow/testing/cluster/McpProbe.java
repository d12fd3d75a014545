package io.reflow.testing.cluster;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

/** Calls the reference server's {@code get-env} tool with the real MCP Java SDK client. */
final class McpProbe {

    private McpProbe() {}

    /** The environment the MCP server at {@code baseUrl + /mcp} reports. */
    static String environmentAt(String baseUrl) {
        HttpClientStreamableHttpTransport transport =
                HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp").build();
        try (McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build()) {
            client.initialize();
            McpSchema.CallToolResult result =
                    client.callTool(
                            McpSchema.CallToolRequest.builder("get-env")
                                    .arguments(Map.of())
                                    .build());
            return ((McpSchema.TextContent) result.content().get(0)).text();
        }
    }
}
