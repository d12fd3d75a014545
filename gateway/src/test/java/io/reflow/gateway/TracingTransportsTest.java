package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.proto.trace.v1.Span;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans of the calls to servers the gateway speaks to itself: the reference server as a stdio
 * process and in its legacy HTTP+SSE mode (behind a {@link WireTap}), with a real SDK client and a
 * loopback OTLP collector; and the JSON-RPC errors those servers and a streamable-http one answer.
 */
class TracingTransportsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String CLIENT_TRACE = "5bf92f3577b34da6a3ce929d0e0e4737";
    private static final String CLIENT_SPAN = "01f067aa0ba902b8";

    @TempDir static Path dir;
    static ReferenceMcpServer http;
    static ReferenceMcpServer sse;
    static WireTap sseTap;
    static OtlpCollector collector;
    static Gateway gateway;

    @BeforeAll
    static void start() {
        http = ReferenceMcpServer.start();
        sse = ReferenceMcpServer.startSse();
        sseTap = WireTap.to(sse.port());
        collector = OtlpCollector.start();
        String traced =
                GatewayFixture.staticTarget("everything", http.mcpUri())
                        + "tracing: { otlp_endpoint: \""
                        + collector.uri()
                        + "\" }\n";
        gateway = Gateway.start(GatewayConfig.fromYaml(GatewayFixture.yaml(dir, traced), Map.of()));
        createTarget(
                """
                {"name":"local","transport_type":"stdio","command":"node",\
                "args":["node_modules/@modelcontextprotocol/server-everything/dist/index.js",\
                "stdio"],"working_dir":"%s"}"""
                        .formatted(ReferenceMcpServer.serversDir().toAbsolutePath()));
        createTarget(
                "{\"name\":\"legacy\",\"transport_type\":\"sse\",\"url\":\""
                        + sseTap.uri("/sse")
                        + "\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, sseTap, sse, http, collector}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void stdioCallIsAClientSpanUnderTheRequestSpan() {
        echo("local", "over pipes");

        Span call = serverSpan("tools/call echo", "local");
        Span upstream = clientChildOf(call);
        assertThat(upstream.getName()).isEqualTo("tools/call");
        assertThat(upstream.getTraceId()).isEqualTo(call.getTraceId());
        assertThat(OtlpCollector.hex(call.getTraceId())).isEqualTo(CLIENT_TRACE);
        assertThat(OtlpCollector.attribute(upstream, "mcp.method.name")).isEqualTo("tools/call");
        assertThat(OtlpCollector.attribute(upstream, "reflow.target")).isEqualTo("local");
        assertThat(OtlpCollector.attribute(upstream, "network.transport")).isEqualTo("pipe");
        assertThat(OtlpCollector.attribute(upstream, "http.response.status_code")).isEqualTo("200");
        assertThat(upstream.getStatus().getCode())
                .isNotEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    }

    @Test
    void sseCallIsAClientSpanWhoseContextTheServerGetsInHeaderAndMeta() {
        echo("legacy", "over sse");

        Span call = serverSpan("tools/call echo", "legacy");
        Span upstream = clientChildOf(call);
        assertThat(OtlpCollector.attribute(upstream, "mcp.method.name")).isEqualTo("tools/call");
        assertThat(OtlpCollector.attribute(upstream, "server.address")).isEqualTo("127.0.0.1");
        assertThat(OtlpCollector.attribute(upstream, "http.response.status_code")).isEqualTo("200");

        String traceparent =
                "00-" + CLIENT_TRACE + "-" + OtlpCollector.hex(upstream.getSpanId()) + "-01";
        // The POST of the tools/call message: header and _meta name the same span.
        String post =
                sseTap.sent()
                        .lines()
                        .filter(line -> line.contains("\"over sse\""))
                        .findFirst()
                        .orElseThrow();
        assertThat(post).contains("\"traceparent\":\"" + traceparent + "\"");
        assertThat(sseTap.sent().toLowerCase()).contains("traceparent: " + traceparent);
    }

    @Test
    void aJsonRpcErrorAnUpstreamAnswersIsOnTheRequestAndCallSpans() {
        // A streamable-http server (JSON body or SSE stream), a stdio process, an sse server.
        for (String target : new String[] {"everything", "local", "legacy"}) {
            getUnknownPrompt(target);

            Span call = serverSpan("prompts/get no-such-prompt", target);
            Span upstream = clientChildOf(call);
            for (Span span : new Span[] {call, upstream}) {
                assertThat(span.getStatus().getCode())
                        .as(target + " " + span.getKind())
                        .isEqualTo(
                                io.opentelemetry.proto.trace.v1.Status.StatusCode
                                        .STATUS_CODE_ERROR);
                assertThat(OtlpCollector.attribute(span, "error.type"))
                        .as(target + " " + span.getKind())
                        .matches("-32\\d{3}");
                assertThat(OtlpCollector.attribute(span, "rpc.response.status_code"))
                        .isEqualTo(OtlpCollector.attribute(span, "error.type"));
            }
            // The error went to the client as the server sent it.
            assertThat(OtlpCollector.attribute(call, "http.response.status_code")).isEqualTo("200");
        }
    }

    private static void echo(String target, String message) {
        try (McpSyncClient client = client("/mcp/" + target)) {
            McpSchema.CallToolResult result =
                    client.callTool(
                            new McpSchema.CallToolRequest(
                                    "echo", Map.of("message", message), null));
            assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                    .isEqualTo("Echo: " + message);
        }
    }

    /** Asks for a prompt the target's server does not have: it answers with a JSON-RPC error. */
    private static void getUnknownPrompt(String target) {
        try (McpSyncClient client = client("/mcp/" + target)) {
            assertThatThrownBy(
                            () ->
                                    client.getPrompt(
                                            new McpSchema.GetPromptRequest(
                                                    "no-such-prompt", Map.of())))
                    .isInstanceOf(McpError.class);
        }
    }

    private static Span serverSpan(String name, String target) {
        return await().atMost(PATIENCE)
                .until(
                        () ->
                                collector.spans().stream()
                                        .filter(s -> s.getName().equals(name))
                                        .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                                        .filter(
                                                s ->
                                                        target.equals(
                                                                OtlpCollector.attribute(
                                                                        s, "reflow.target")))
                                        .findFirst(),
                        Optional::isPresent)
                .get();
    }

    private static Span clientChildOf(Span parent) {
        return await().atMost(PATIENCE)
                .until(
                        () ->
                                collector.spans().stream()
                                        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                                        .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                                        .findFirst(),
                        Optional::isPresent)
                .get();
    }

    private static void createTarget(String json) {
        HttpResponse<String> created =
                GatewayFixture.send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets"))
                                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** An SDK client whose every request carries the client's own traceparent. */
    private static McpSyncClient client(String endpoint) {
        return GatewayFixture.tracedClient(
                gateway.baseUri(),
                endpoint,
                GatewayFixture.userToken("tracy"),
                "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");
    }
}
