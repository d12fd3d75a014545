package io.reflow.gateway;

import static io.reflow.gateway.AccessFixture.admin;
import static io.reflow.gateway.AccessFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access reports' bounds against upstreams whose {@code tools/list} never ends: one answers 150
 * tools a page, so the 1000-item bound is reached first; the other 5 a page, so the 10-page bound
 * is. Both are answered with exactly the bound's items and {@code truncated: true}.
 */
class AccessListingCutOffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    HttpServer upstream;
    Gateway gateway;
    final AtomicInteger pagesAsked = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/many/mcp", exchange -> answer(exchange, 150));
        upstream.createContext("/few/mcp", exchange -> answer(exchange, 5));
        upstream.start();
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort();
        gateway =
                GatewayFixture.start(
                        dir,
                        """
                        targets:
                          - { name: many, transport_type: streamable-http, url: "%s/many/mcp" }
                          - { name: few, transport_type: streamable-http, url: "%s/few/mcp" }
                        """
                                .formatted(url, url));
        policy(gateway.baseUri(), allowEveryone("many"));
        policy(gateway.baseUri(), allowEveryone("few"));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.stop(0);
    }

    private static String allowEveryone(String target) {
        return """
                {"id":"everyone-%s","target_id":"%s","effect":"allow",\
                "subjects":[{"subject_type":"everyone"}]}"""
                .formatted(target, target);
    }

    /** A minimal MCP server over streamable HTTP (JSON answers) with endless tool pages. */
    private void answer(HttpExchange exchange, int perPage) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            if (!request.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            ObjectNode result = response.putObject("result");
            switch (request.path("method").asText()) {
                case "initialize" -> {
                    result.put("protocolVersion", "2025-06-18");
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", "endless").put("version", "1");
                }
                case "tools/list" -> {
                    pagesAsked.incrementAndGet();
                    int page = Integer.parseInt(request.path("params").path("cursor").asText("0"));
                    ArrayNode tools = result.putArray("tools");
                    for (int i = 0; i < perPage; i++) {
                        ObjectNode tool = tools.addObject().put("name", "t" + page + "-" + i);
                        tool.putObject("inputSchema").put("type", "object");
                    }
                    result.put("nextCursor", String.valueOf(page + 1));
                }
                default -> {
                    response.remove("result");
                    response.putObject("error").put("code", -32601).put("message", "not found");
                }
            }
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Test
    void theAdminsReportStopsAtAThousandToolsAndAtTenPages() throws IOException {
        HttpResponse<String> answer =
                admin(gateway.baseUri(), "GET", "/api/access/effective?user=alice", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(answer.body());

        JsonNode many = target(report, "many");
        assertThat(many.path("truncated").asBoolean()).as(many.toString()).isTrue();
        assertThat(many.path("tools").size()).isEqualTo(1000);
        assertThat(many.path("tools").get(999).asText()).isEqualTo("t6-99");

        JsonNode few = target(report, "few");
        assertThat(few.path("truncated").asBoolean()).as(few.toString()).isTrue();
        assertThat(few.path("tools").size()).isEqualTo(50);
        assertThat(few.path("tools").get(49).asText()).isEqualTo("t9-4");
        // 7 pages of 150 for the one, 10 of 5 for the other: no page past the bounds is asked.
        assertThat(pagesAsked).hasValue(17);
    }

    @Test
    void aUsersOwnReportHasTheSameBounds() throws IOException {
        HttpResponse<String> answer =
                GatewayFixture.send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/me/access"))
                                .header(
                                        "Authorization",
                                        "Bearer " + GatewayFixture.userToken("alice"))
                                .build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(answer.body());
        assertThat(target(report, "many").path("tools").size()).isEqualTo(1000);
        assertThat(target(report, "many").path("truncated").asBoolean()).isTrue();
        assertThat(target(report, "few").path("tools").size()).isEqualTo(50);
        assertThat(target(report, "few").path("truncated").asBoolean()).isTrue();
    }

    private static JsonNode target(JsonNode report, String name) {
        for (JsonNode target : report.path("targets")) {
            if (target.path("name").asText().equals(name)) {
                return target;
            }
        }
        throw new AssertionError("no target " + name + " in " + report);
    }
}
