package io.reflow.gateway;

import static io.reflow.gateway.AccessFixture.allowEveryone;
import static io.reflow.gateway.AccessFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies enforced on {@code /mcp/{target}} for an HTTP target (the reference server), seen
 * through the MCP Java SDK client: lists filtered, calls refused naming the item, a target refused
 * with 403, admins unaffected.
 */
class AccessPoliciesTest {

    @TempDir Path dir;
    private ReferenceMcpServer upstream;
    private Gateway gateway;
    private URI base;

    @BeforeEach
    void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.start(
                        dir, GatewayFixture.staticTarget("everything", upstream.mcpUri()));
        base = gateway.baseUri();
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private McpSyncClient client(String token) {
        return GatewayFixture.client(base, "/mcp/everything", token, spec -> {});
    }

    @Test
    void listsOnlyWhatPoliciesAllowAndRefusesTheRestNamingTheItem() {
        policy(base, allowEveryone("tools", "tool", "^(echo|get-sum)$"));
        policy(base, allowEveryone("prompts", "prompt", "^simple-prompt$"));
        policy(base, allowEveryone("static", "resource", "^demo://resource/static/"));
        try (McpSyncClient alice = client(GatewayFixture.userToken("alice"))) {
            assertThat(GatewayFixture.names(alice.listTools().tools()))
                    .containsExactly("echo", "get-sum");
            assertThat(alice.listPrompts().prompts())
                    .extracting(McpSchema.Prompt::name)
                    .containsExactly("simple-prompt");
            List<McpSchema.Resource> resources = alice.listResources().resources();
            assertThat(resources).isNotEmpty();
            assertThat(resources)
                    .allSatisfy(r -> assertThat(r.uri()).startsWith("demo://resource/static/"));
            assertThat(alice.listResourceTemplates().resourceTemplates()).isEmpty();

            McpSchema.CallToolResult echo =
                    alice.callTool(
                            new McpSchema.CallToolRequest("echo", Map.of("message", "hi"), null));
            assertThat(((McpSchema.TextContent) echo.content().get(0)).text())
                    .isEqualTo("Echo: hi");
            assertThatThrownBy(
                            () ->
                                    alice.callTool(
                                            new McpSchema.CallToolRequest(
                                                    "get-env", Map.of(), null)))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("tool 'get-env' is not allowed")
                    .hasMessageNotContaining("tools");
            assertThatThrownBy(
                            () ->
                                    alice.getPrompt(
                                            new McpSchema.GetPromptRequest(
                                                    "args-prompt", Map.of("city", "Oslo"), null)))
                    .hasMessageContaining("prompt 'args-prompt' is not allowed");
            assertThatThrownBy(
                            () ->
                                    alice.readResource(
                                            new McpSchema.ReadResourceRequest(
                                                    "demo://resource/dynamic/text/1", null)))
                    .hasMessageContaining("resource 'demo://resource/dynamic/text/1'");
        }
    }

    @Test
    void filtersAnSseAnswerAndKeepsItAStream() {
        policy(base, allowEveryone("tools", "tool", "^echo$"));
        String alice = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", alice);
        HttpResponse<String> list =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        alice,
                                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("content-type").orElse(""))
                .startsWith("text/event-stream");
        assertThat(list.body())
                .contains("data: {")
                .contains("\"name\":\"echo\"")
                .doesNotContain("get-env")
                .endsWith("\n\n");
    }

    @Test
    void oneDeniedRequestRefusesItsWholeBatchAndDuplicateKeysAreRefused() {
        policy(base, allowEveryone("tools", "tool", "^echo$"));
        String alice = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "everything", alice);
        HttpResponse<String> batch =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        alice,
                                        """
                                        [{"jsonrpc":"2.0","id":1,"method":"tools/call",\
                                        "params":{"name":"echo","arguments":{"message":"a"}}},\
                                        {"jsonrpc":"2.0","id":2,"method":"tools/call",\
                                        "params":{"name":"get-env","arguments":{}}}]""")
                                .header("Mcp-Session-Id", session)
                                .build());
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body())
                .contains("tool 'get-env' is not allowed")
                .doesNotContain("Echo: a");
        // A name given twice could be read differently upstream: refused, not guessed.
        HttpResponse<String> twice =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        alice,
                                        """
                                        {"jsonrpc":"2.0","id":3,"method":"tools/call",\
                                        "params":{"name":"get-env","name":"echo"}}""")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("key 'name' is given twice");
        // An id the upstream could echo as another number would let the answer pass unfiltered.
        HttpResponse<String> fraction =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        alice,
                                        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(fraction.statusCode()).isEqualTo(400);
        assertThat(fraction.body()).contains("string or integer id");
    }

    @Test
    void aTargetTheCallerMayNotUseIs403NamingItAndAdminsStillSeeEverything() {
        policy(base, allowEveryone("tools", "tool", "^echo$"));
        policy(
                base,
                """
                {"id":"no-bob","target_id":"everything","resource_type":"all","effect":"deny",\
                "priority":10,"subjects":[{"subject_type":"user","subject_value":"bob"}]}""");
        HttpResponse<String> bob =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        base,
                                        "everything",
                                        GatewayFixture.userToken("bob"),
                                        GatewayFixture.INITIALIZE)
                                .build());
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(bob.body())
                .contains("\"code\":-32001")
                .contains("target 'everything' is not allowed")
                .doesNotContain("no-bob");
        try (McpSyncClient admin = client(GatewayFixture.ADMIN_TOKEN)) {
            assertThat(GatewayFixture.names(admin.listTools().tools())).contains("echo", "get-env");
        }
    }

    @Test
    void aPolicyChangeAppliesToTheNextRequestOfAnOpenSession() {
        policy(base, allowEveryone("tools", "tool", "^echo$"));
        try (McpSyncClient alice = client(GatewayFixture.userToken("alice"))) {
            assertThat(GatewayFixture.names(alice.listTools().tools())).containsExactly("echo");
            AccessFixture.admin(
                    base,
                    "PUT",
                    "/api/policies/tools",
                    allowEveryone("tools", "tool", "^(echo|get-env)$"));
            assertThat(GatewayFixture.names(alice.listTools().tools()))
                    .containsExactly("echo", "get-env");
            AccessFixture.admin(base, "DELETE", "/api/policies/tools", null);
            // No policy left: the no-policy default allows everything again.
            assertThat(alice.listTools().tools()).hasSizeGreaterThan(2);
        }
    }
}
