package io.reflow.gateway;

import static io.reflow.gateway.AccessFixture.admin;
import static io.reflow.gateway.AccessFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/access/effective} (admin) and {@code GET /api/me/access} against a real gateway
 * with the reference server behind two targets and a third target that cannot be reached: the items
 * shown are the ones the proxy lets that identity use, as an MCP client sees them.
 */
class EffectiveAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private ReferenceMcpServer upstream;
    private Gateway gateway;
    private URI base;

    @BeforeEach
    void start() {
        upstream = ReferenceMcpServer.start();
        gateway =
                GatewayFixture.start(
                        dir,
                        """
                        targets:
                          - { name: everything, transport_type: streamable-http, url: "%s" }
                          - { name: second, transport_type: streamable-http, url: "%s" }
                          - { name: down, transport_type: streamable-http, url: "http://127.0.0.1:1/mcp" }
                        """
                                .formatted(upstream.mcpUri(), upstream.mcpUri()));
        base = gateway.baseUri();
        policy(base, allow("everyone-everything", "everything", "everyone", null));
        policy(base, allow("everyone-down", "down", "everyone", null));
        policy(base, allow("dev-second", "second", "role", "dev"));
        policy(
                base,
                """
                {"id":"alice-no-echo","target_id":"everything","resource_type":"tool",\
                "resource_pattern":"^echo$","effect":"deny","priority":10,\
                "subjects":[{"subject_type":"user","subject_value":"alice"}]}""");
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private static String allow(String id, String target, String type, String value) {
        String subject =
                value == null
                        ? "{\"subject_type\":\"%s\"}".formatted(type)
                        : "{\"subject_type\":\"%s\",\"subject_value\":\"%s\"}"
                                .formatted(type, value);
        return """
                {"id":"%s","target_id":"%s","effect":"allow","subjects":[%s]}"""
                .formatted(id, target, subject);
    }

    @Test
    void aDeniedToolIsAbsentAndMatchesWhatTheUsersMcpClientLists() throws IOException {
        JsonNode report = effective("user=alice&role=user");
        JsonNode everything = target(report, "everything");
        assertThat(everything.path("usable").asBoolean()).isTrue();
        assertThat(everything.path("decision").path("policy_id").asText())
                .isEqualTo("everyone-everything");
        List<String> tools = texts(everything.path("tools"));
        assertThat(tools).contains("get-sum").doesNotContain("echo");
        assertThat(texts(everything.path("prompts"))).contains("simple-prompt");
        assertThat(texts(everything.path("resources"))).isNotEmpty();

        // The same tools an MCP client of Alice's is shown by the proxy, no more, no fewer.
        try (McpSyncClient alice =
                GatewayFixture.client(
                        base, "/mcp/everything", GatewayFixture.userToken("alice"), s -> {})) {
            assertThat(tools)
                    .containsExactlyInAnyOrderElementsOf(
                            alice.listTools().tools().stream().map(McpSchema.Tool::name).toList());
        }
        // Bob is not denied echo.
        assertThat(texts(target(effective("user=bob").path("targets"), "everything").path("tools")))
                .contains("echo", "get-sum");
    }

    @Test
    void aTargetNoPolicyAllowsIsNotUsableUntilTheIdentityHasTheRole() throws IOException {
        JsonNode alice = target(effective("user=alice&role=user&groups=staff"), "second");
        assertThat(alice.path("usable").asBoolean()).isFalse();
        assertThat(alice.path("decision").path("reason").asText()).isEqualTo("no_match");
        assertThat(alice.has("tools")).isFalse();

        JsonNode dev = target(effective("user=carol&role=dev"), "second");
        assertThat(dev.path("usable").asBoolean()).isTrue();
        assertThat(texts(dev.path("tools"))).contains("echo");
    }

    @Test
    void anUnreachableTargetCarriesAnErrorAndTheOthersAreStillAnswered() throws IOException {
        JsonNode report = effective("user=alice");
        JsonNode down = target(report, "down");
        assertThat(down.path("usable").asBoolean()).isTrue();
        assertThat(down.path("error").asText()).isNotEmpty();
        assertThat(down.has("tools")).isFalse();
        assertThat(texts(target(report, "everything").path("tools"))).contains("get-sum");
        assertThat(report.path("identity").path("subject").asText()).isEqualTo("alice");
    }

    @Test
    void aUserSeesTheirOwnAccessWithoutPolicyIds() throws IOException {
        HttpResponse<String> answer =
                GatewayFixture.send(
                        HttpRequest.newBuilder(base.resolve("/api/me/access"))
                                .header(
                                        "Authorization",
                                        "Bearer " + GatewayFixture.userToken("alice"))
                                .build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(answer.body());
        assertThat(report.path("identity").path("subject").asText()).isEqualTo("alice");
        assertThat(target(report, "second").path("usable").asBoolean()).isFalse();
        JsonNode everything = target(report, "everything");
        assertThat(texts(everything.path("tools"))).contains("get-sum").doesNotContain("echo");
        assertThat(everything.has("decision")).isFalse();
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() throws IOException {
        assertRefused("", "user");
        assertRefused("role=dev", "user");
        assertRefused("user=", "user");
        assertRefused("user=" + "a".repeat(257), "user");
        assertRefused("user=alice&role=", "role");
        assertRefused("user=alice&role=" + encode("dev\u0001"), "role");
        assertRefused("user=alice&groups=" + "g,".repeat(64) + "g", "groups");
        assertRefused("user=alice&groups=a,,b", "groups");
        assertRefused("user=alice&groups=" + "g".repeat(257), "groups");
        assertRefused("user=alice&user=bob", "user");
        assertRefused("user=alice&team=x", "team");
    }

    @Test
    void aNonAdminIsRefusedWith403() throws IOException {
        HttpResponse<String> answer =
                GatewayFixture.send(
                        HttpRequest.newBuilder(base.resolve("/api/access/effective?user=alice"))
                                .header(
                                        "Authorization",
                                        "Bearer " + GatewayFixture.userToken("bob"))
                                .build());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText())
                .isEqualTo("forbidden");
    }

    private void assertRefused(String query, String parameter) throws IOException {
        HttpResponse<String> answer = admin(base, "GET", "/api/access/effective?" + query, null);
        assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("field").asText()).as(query).isEqualTo(parameter);
        assertThat(error.path("message").asText()).as(query).contains(parameter);
    }

    private JsonNode effective(String query) throws IOException {
        HttpResponse<String> answer = admin(base, "GET", "/api/access/effective?" + query, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** The entry of {@code name} in a report (or in its {@code targets} array). */
    private static JsonNode target(JsonNode report, String name) {
        JsonNode targets = report.isArray() ? report : report.path("targets");
        for (JsonNode target : targets) {
            if (target.path("name").asText().equals(name)) {
                return target;
            }
        }
        throw new AssertionError("no target " + name + " in " + report);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
