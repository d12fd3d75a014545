package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /mcp} counts each of its requests once against {@code server.max_concurrent_per_identity}:
 * its calls to {@code /mcp/{target}}, made at once for every target, take no slot there. With a
 * limit of two, a session over four targets opens with all four, and lists them while its merged
 * GET stream (four streams of /mcp/{target}) holds one slot.
 */
class AggregateConcurrencyTest {

    @TempDir Path dir;

    @Test
    void theFanOutOfOneRequestDoesNotLockTheCallerOut() throws Exception {
        try (ReferenceMcpServer upstream = ReferenceMcpServer.start();
                Gateway gateway = start(upstream.mcpUri())) {
            URI mcp = gateway.baseUri().resolve("/mcp");
            String user = GatewayFixture.userToken("alice");
            HttpResponse<String> init =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(mcp, user, GatewayFixture.INITIALIZE).build());
            assertThat(init.statusCode()).isEqualTo(200);
            String session = init.headers().firstValue("mcp-session-id").orElseThrow();
            CompletableFuture<HttpResponse<InputStream>> stream =
                    GatewayFixture.HTTP.sendAsync(
                            HttpRequest.newBuilder(mcp)
                                    .header("Authorization", "Bearer " + user)
                                    .header("Accept", "text/event-stream")
                                    .header("Mcp-Session-Id", session)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            // One page per target, in the order of their names: every target joined, and each
            // page passes the limit.
            String params = "{}";
            for (String target : new String[] {"four", "one", "three", "two"}) {
                String page = toolsList(mcp, user, session, params);
                assertThat(page).contains("\"" + target + "_echo\"");
                params =
                        "{\"cursor\":\""
                                + page.replaceAll(".*\"nextCursor\":\"([^\"]+)\".*", "$1")
                                + "\"}";
            }
            stream.get().body().close();
        }
    }

    private Gateway start(URI upstream) {
        StringBuilder targets = new StringBuilder("targets:\n");
        for (String name : new String[] {"one", "two", "three", "four"}) {
            targets.append(
                    "  - { name: %s, transport_type: streamable-http, url: \"%s\" }\n"
                            .formatted(name, upstream));
        }
        String yaml =
                GatewayFixture.yaml(dir, targets.toString())
                        .replace(
                                "max_body_bytes: 65536",
                                "max_body_bytes: 65536, max_concurrent_per_identity: 2");
        return Gateway.start(GatewayConfig.fromYaml(yaml, Map.of()));
    }

    private static String toolsList(URI mcp, String user, String session, String params) {
        HttpResponse<String> page =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        mcp,
                                        user,
                                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\","
                                                + "\"params\":"
                                                + params
                                                + "}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }
}
