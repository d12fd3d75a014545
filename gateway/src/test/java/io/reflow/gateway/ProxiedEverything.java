package io.reflow.gateway;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The reference server behind a gateway, with clients of both: the gateway's target {@code
 * everything} and the server itself. Lets a test make every call twice and compare the answers.
 */
final class ProxiedEverything implements AutoCloseable {

    private final ReferenceMcpServer upstream;
    private final Gateway gateway;
    private final String token;

    private ProxiedEverything(ReferenceMcpServer upstream, Gateway gateway, String token) {
        this.upstream = upstream;
        this.gateway = gateway;
        this.token = token;
    }

    /** Starts both, the gateway with its file store in {@code dir}. */
    static ProxiedEverything start(Path dir) {
        ReferenceMcpServer upstream = ReferenceMcpServer.start();
        try {
            // Room for megabyte payloads (the reference server itself accepts 4 MiB).
            String yaml =
                    GatewayFixture.yaml(
                                    dir,
                                    GatewayFixture.staticTarget("everything", upstream.mcpUri()))
                            .replace("max_body_bytes: 65536", "max_body_bytes: 4194304");
            Gateway gateway = Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
            return new ProxiedEverything(upstream, gateway, GatewayFixture.userToken("alice"));
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** The gateway's endpoint for the target. */
    URI gatewayEndpoint() {
        return gateway.baseUri().resolve("/mcp/everything");
    }

    /** The reference server's own endpoint. */
    URI directEndpoint() {
        return upstream.mcpUri();
    }

    /** The bearer token the gateway accepts. */
    String token() {
        return token;
    }

    /** An initialized SDK client talking through the gateway. */
    McpSyncClient viaGateway(Consumer<McpClient.SyncSpec> customize) {
        return GatewayFixture.client(gateway.baseUri(), "/mcp/everything", token, customize);
    }

    /** An initialized SDK client talking to the reference server directly. */
    McpSyncClient direct(Consumer<McpClient.SyncSpec> customize) {
        return GatewayFixture.client(upstream.baseUri(), "/mcp", null, customize);
    }

    /** A raw session through the gateway under protocol {@code version}. */
    RawMcpSession rawViaGateway(String version) {
        return RawMcpSession.open(gatewayEndpoint(), token, version);
    }

    /** A raw session with the reference server directly under protocol {@code version}. */
    RawMcpSession rawDirect(String version) {
        return RawMcpSession.open(directEndpoint(), null, version);
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            upstream.close();
        }
    }
}
