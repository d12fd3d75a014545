package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.proto.trace.v1.Span;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
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
 * A gateway with tracing pointed at a loopback OTLP collector, a real MCP SDK client calling the
 * reference server's {@code echo} tool through {@code /mcp/{target}}, and a {@link WireTap} in
 * front of that server: the spans the collector receives and the trace context the server was sent.
 * A second gateway without tracing sends none.
 */
class TracingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    /** A stdio MCP server that answers every tools/call with the _meta it was sent. */
    private static final String META_ECHO =
            "require('readline').createInterface({input: process.stdin}).on('line', line => {"
                    + " const m = JSON.parse(line); if (m.id === undefined) return;"
                    + " const result = m.method === 'initialize'"
                    + " ? {protocolVersion: '2025-06-18', capabilities: {tools: {}},"
                    + " serverInfo: {name: 'meta-echo', version: '1'}}"
                    + " : {content: [{type: 'text', text: JSON.stringify((m.params || {})._meta)}]};"
                    + " process.stdout.write(JSON.stringify({jsonrpc: '2.0', id: m.id, result}) + '\\n');"
                    + " });";

    private static final String META_ECHO_TARGET =
            "{\"name\":\"meta-echo\",\"transport_type\":\"stdio\",\"command\":[\"node\",\"-e\","
                    + GatewayFixture.jsonString(META_ECHO)
                    + "]}";

    @TempDir static Path dir;
    @TempDir static Path plainDir;
    static ReferenceMcpServer server;
    static WireTap tap;
    static WireTap plainTap;
    static OtlpCollector collector;
    static Gateway gateway;
    static Gateway plain;

    @BeforeAll
    static void start() {
        server = ReferenceMcpServer.start();
        tap = WireTap.to(server.port());
        plainTap = WireTap.to(server.port());
        collector = OtlpCollector.start();
        String traced =
                GatewayFixture.staticTarget("everything", tap.uri("/mcp"))
                        + "tracing: { otlp_endpoint: \""
                        + collector.uri()
                        + "\", service_name: gateway-under-test }\n";
        gateway = Gateway.start(GatewayConfig.fromYaml(GatewayFixture.yaml(dir, traced), Map.of()));
        plain =
                GatewayFixture.start(
                        plainDir, GatewayFixture.staticTarget("everything", plainTap.uri("/mcp")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c :
                new AutoCloseable[] {gateway, plain, tap, plainTap, server, collector}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void toolCallIsAServerSpanUnderTheClientsTraceWithTheUpstreamCallAsItsChild() {
        try (McpSyncClient client = client(gateway.baseUri(), "alice")) {
            client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hi"), null));
        }

        Span call =
                await().atMost(PATIENCE)
                        .until(() -> serverSpan("tools/call echo"), Optional::isPresent)
                        .get();
        assertThat(call.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(OtlpCollector.hex(call.getTraceId())).isEqualTo(CLIENT_TRACE);
        assertThat(OtlpCollector.hex(call.getParentSpanId())).isEqualTo(CLIENT_SPAN);
        assertThat(OtlpCollector.attribute(call, "mcp.method.name")).isEqualTo("tools/call");
        assertThat(OtlpCollector.attribute(call, "gen_ai.tool.name")).isEqualTo("echo");
        assertThat(OtlpCollector.attribute(call, "jsonrpc.request.id")).isNotBlank();
        assertThat(OtlpCollector.attribute(call, "reflow.target")).isEqualTo("everything");
        assertThat(OtlpCollector.attribute(call, "http.response.status_code")).isEqualTo("200");
        assertThat(OtlpCollector.attribute(call, "mcp.session.id")).matches("[0-9a-f]{16}");
        assertThat(OtlpCollector.attribute(call, "error.type")).isNull();
        assertThat(collector.services()).contains("gateway-under-test");

        Span upstream =
                await().atMost(PATIENCE).until(() -> childOf(call), Optional::isPresent).get();
        assertThat(upstream.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(upstream.getTraceId()).isEqualTo(call.getTraceId());
        assertThat(OtlpCollector.attribute(upstream, "mcp.method.name")).isEqualTo("tools/call");

        String traceparent =
                "00-" + CLIENT_TRACE + "-" + OtlpCollector.hex(upstream.getSpanId()) + "-01";
        String sent = tap.sent();
        assertThat(sent.toLowerCase()).contains("traceparent: " + traceparent);
        assertThat(sent)
                .contains("\"_meta\":{")
                .contains("\"traceparent\":\"" + traceparent + "\"");
    }

    @Test
    void aggregateCallIsTheParentOfTheTargetsSpan() {
        String tool;
        try (McpSyncClient client = client(gateway.baseUri(), "/mcp", "dave")) {
            tool =
                    client.listTools().tools().stream()
                            .map(McpSchema.Tool::name)
                            .filter(n -> n.endsWith("echo"))
                            .findFirst()
                            .orElseThrow();
            client.callTool(new McpSchema.CallToolRequest(tool, Map.of("message", "hi"), null));
        }
        Span outer =
                await().atMost(PATIENCE)
                        .until(() -> serverSpan("tools/call " + tool, "/mcp"), Optional::isPresent)
                        .get();
        assertThat(OtlpCollector.hex(outer.getTraceId())).isEqualTo(CLIENT_TRACE);
        assertThat(OtlpCollector.hex(outer.getParentSpanId())).isEqualTo(CLIENT_SPAN);
        assertThat(OtlpCollector.attribute(outer, "gen_ai.tool.name")).isEqualTo(tool);
        // From the /mcp request's audit record: its session, the target and its decision.
        assertThat(OtlpCollector.attribute(outer, "mcp.session.id")).matches("[0-9a-f]{16}");
        assertThat(OtlpCollector.attribute(outer, "reflow.target")).isEqualTo("everything");
        assertThat(OtlpCollector.attribute(outer, "reflow.policy.decision")).isEqualTo("allow");
        assertThat(OtlpCollector.attribute(outer, "http.response.status_code")).isEqualTo("200");
        Span inner =
                await().atMost(PATIENCE).until(() -> childOf(outer), Optional::isPresent).get();
        assertThat(inner.getName()).isEqualTo("tools/call echo");
        assertThat(OtlpCollector.attribute(inner, "http.route")).isEqualTo("/mcp/{target}");
        Span upstream =
                await().atMost(PATIENCE).until(() -> childOf(inner), Optional::isPresent).get();
        assertThat(upstream.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    }

    @Test
    void auditRecordCarriesTheTraceOfTheSpan() {
        // No client traceparent: the trace is the gateway's own, and the audit record names it.
        String token = GatewayFixture.userToken("bob");
        String session = GatewayFixture.initialize(gateway.baseUri(), "everything", token);
        HttpResponse<String> ping =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        gateway.baseUri(),
                                        "everything",
                                        token,
                                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        Span span =
                await().atMost(PATIENCE)
                        .until(
                                () ->
                                        collector.spans().stream()
                                                .filter(s -> s.getName().equals("ping"))
                                                .filter(
                                                        s ->
                                                                "7"
                                                                        .equals(
                                                                                OtlpCollector
                                                                                        .attribute(
                                                                                                s,
                                                                                                "jsonrpc.request.id")))
                                                .findFirst(),
                                Optional::isPresent)
                        .get();
        assertThat(span.getParentSpanId().isEmpty()).isTrue();
        HttpResponse<String> logs =
                GatewayFixture.send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/logs?limit=1000"))
                                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                                .build());
        assertThat(logs.body())
                .contains("\"trace_id\":\"" + OtlpCollector.hex(span.getTraceId()) + "\"");
    }

    @Test
    void aServerTheGatewayRunsGetsItsCallsSpanInMeta() {
        for (Gateway each : new Gateway[] {gateway, plain}) {
            HttpResponse<String> created =
                    GatewayFixture.send(
                            HttpRequest.newBuilder(each.baseUri().resolve("/api/targets"))
                                    .header("Authorization", "Bearer " + GatewayFixture.ADMIN_TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(META_ECHO_TARGET))
                                    .build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }

        String traced = metaSeenBy(gateway);
        Span call =
                await().atMost(PATIENCE)
                        .until(() -> serverSpan("tools/call show-meta"), Optional::isPresent)
                        .get();
        // As for an HTTP server: the span of the call to the process is the one it is sent.
        Span upstream =
                await().atMost(PATIENCE).until(() -> childOf(call), Optional::isPresent).get();
        assertThat(upstream.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(traced)
                .contains(
                        "00-"
                                + CLIENT_TRACE
                                + "-"
                                + OtlpCollector.hex(upstream.getSpanId())
                                + "-01")
                .contains("keep");
        assertThat(metaSeenBy(plain)).doesNotContain("traceparent").contains("keep");
    }

    /** What the stdio server saw in {@code _meta} of a tools/call with a _meta key of its own. */
    private static String metaSeenBy(Gateway each) {
        String token = GatewayFixture.userToken("erin");
        String session = GatewayFixture.initialize(each.baseUri(), "meta-echo", token);
        HttpResponse<String> answer =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        each.baseUri(),
                                        "meta-echo",
                                        token,
                                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                                                + "\"params\":{\"name\":\"show-meta\","
                                                + "\"_meta\":{\"keep\":true}}}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .header(
                                        "traceparent",
                                        "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
                                .build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    @Test
    void aClientsMetaTraceparentIsTheParentWhenNoHeaderNamesOne() {
        String metaTrace = "6bf92f3577b34da6a3ce929d0e0e4738";
        String metaSpan = "02f067aa0ba902b9";
        String token = GatewayFixture.userToken("frank");
        String session = GatewayFixture.initialize(gateway.baseUri(), "everything", token);
        HttpResponse<String> ping =
                GatewayFixture.send(
                        GatewayFixture.mcpPost(
                                        gateway.baseUri(),
                                        "everything",
                                        token,
                                        "{\"jsonrpc\":\"2.0\",\"id\":\"meta-parent\","
                                                + "\"method\":\"ping\",\"params\":{\"_meta\":"
                                                + "{\"traceparent\":\"00-"
                                                + metaTrace
                                                + "-"
                                                + metaSpan
                                                + "-01\"}}}")
                                .header("Mcp-Session-Id", session)
                                .header("MCP-Protocol-Version", "2025-06-18")
                                .build());
        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);

        Span span =
                await().atMost(PATIENCE)
                        .until(() -> pingSpan("meta-parent"), Optional::isPresent)
                        .get();
        assertThat(OtlpCollector.hex(span.getTraceId())).isEqualTo(metaTrace);
        assertThat(OtlpCollector.hex(span.getParentSpanId())).isEqualTo(metaSpan);
        Span upstream =
                await().atMost(PATIENCE).until(() -> childOf(span), Optional::isPresent).get();
        assertThat(upstream.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        // The server is sent the gateway's span in place of the client's.
        String sent = "00-" + metaTrace + "-" + OtlpCollector.hex(upstream.getSpanId()) + "-01";
        assertThat(tap.sent().toLowerCase()).contains("traceparent: " + sent);
        assertThat(tap.sent()).contains("\"traceparent\":\"" + sent + "\"");
    }

    @Test
    void theHeaderWinsOverMetaAndAnInvalidMetaValueIsIgnored() {
        String token = GatewayFixture.userToken("grace");
        String session = GatewayFixture.initialize(gateway.baseUri(), "everything", token);
        String meta = "00-7bf92f3577b34da6a3ce929d0e0e4739-03f067aa0ba902ba-01";
        GatewayFixture.send(
                pingWithMeta(token, session, "both", meta)
                        .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
                        .build());
        GatewayFixture.send(pingWithMeta(token, session, "invalid", "00-not-a-trace-01").build());

        Span both =
                await().atMost(PATIENCE).until(() -> pingSpan("both"), Optional::isPresent).get();
        assertThat(OtlpCollector.hex(both.getTraceId())).isEqualTo(CLIENT_TRACE);
        assertThat(OtlpCollector.hex(both.getParentSpanId())).isEqualTo(CLIENT_SPAN);
        Span invalid =
                await().atMost(PATIENCE)
                        .until(() -> pingSpan("invalid"), Optional::isPresent)
                        .get();
        assertThat(invalid.getParentSpanId().isEmpty()).isTrue();
    }

    private static HttpRequest.Builder pingWithMeta(
            String token, String session, String id, String traceparent) {
        return GatewayFixture.mcpPost(
                        gateway.baseUri(),
                        "everything",
                        token,
                        "{\"jsonrpc\":\"2.0\",\"id\":\""
                                + id
                                + "\",\"method\":\"ping\",\"params\":{\"_meta\":"
                                + "{\"traceparent\":\""
                                + traceparent
                                + "\"}}}")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18");
    }

    private static Optional<Span> pingSpan(String requestId) {
        return collector.spans().stream()
                .filter(s -> s.getName().equals("ping"))
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .filter(s -> requestId.equals(OtlpCollector.attribute(s, "jsonrpc.request.id")))
                .findFirst();
    }

    @Test
    void withoutTracingNoTraceContextGoesUpstream() {
        try (McpSyncClient client = client(plain.baseUri(), "carol")) {
            client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hi"), null));
        }
        String sent = plainTap.sent();
        assertThat(sent).contains("\"name\":\"echo\"");
        assertThat(sent.toLowerCase()).doesNotContain("traceparent");
    }

    private static Optional<Span> serverSpan(String name) {
        return serverSpan(name, "/mcp/{target}");
    }

    private static Optional<Span> serverSpan(String name, String route) {
        return collector.spans().stream()
                .filter(s -> s.getName().equals(name))
                .filter(s -> route.equals(OtlpCollector.attribute(s, "http.route")))
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .findFirst();
    }

    private static Optional<Span> childOf(Span parent) {
        return collector.spans().stream()
                .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .findFirst();
    }

    /** An SDK client whose every request carries the client's own traceparent. */
    private static McpSyncClient client(URI base, String user) {
        return client(base, "/mcp/everything", user);
    }

    private static McpSyncClient client(URI base, String endpoint, String user) {
        return GatewayFixture.tracedClient(
                base,
                endpoint,
                GatewayFixture.userToken(user),
                "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");
    }
}
