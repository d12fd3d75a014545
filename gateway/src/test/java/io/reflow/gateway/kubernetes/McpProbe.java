package io.reflow.gateway.kubernetes;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Real MCP traffic with the MCP Java SDK client to one MCP endpoint URL. */
final class McpProbe {

    private McpProbe() {}

    /** Initializes a session at {@code mcpEndpoint} and returns the names of the server's tools. */
    static List<String> toolNames(URI mcpEndpoint) {
        try (McpSyncClient client = client(mcpEndpoint)) {
            client.initialize();
            return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        }
    }

    /** A client for {@code mcpEndpoint}; the caller initializes and closes it. */
    static McpSyncClient client(URI mcpEndpoint) {
        String base = mcpEndpoint.getScheme() + "://" + mcpEndpoint.getRawAuthority();
        HttpClientStreamableHttpTransport transport =
                HttpClientStreamableHttpTransport.builder(base)
                        .endpoint(mcpEndpoint.getRawPath())
                        .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
    }
}
