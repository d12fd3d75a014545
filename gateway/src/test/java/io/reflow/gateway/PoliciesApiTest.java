package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/policies} over HTTP: CRUD, static policies read-only, errors naming the field. */
class PoliciesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVERYONE = "\"subjects\":[{\"subject_type\":\"everyone\"}]";

    @TempDir Path dir;
    private Gateway gateway;
    private URI base;

    @BeforeEach
    void start() {
        gateway =
                GatewayFixture.start(
                        dir,
                        """
                        policies:
                          - { id: static-1, effect: allow, subjects: [{subject_type: everyone}] }
                        """);
        base = gateway.baseUri();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void createsReadsReplacesAndDeletesAPolicy() throws Exception {
        HttpResponse<String> created =
                AccessFixture.admin(
                        base,
                        "POST",
                        "/api/policies",
                        "{\"name\":\"n\",\"effect\":\"deny\",\"resource_type\":\"tool\","
                                + EVERYONE
                                + "}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();
        assertThat(id).isNotEmpty();
        assertThat(created.headers().firstValue("location")).hasValue("/api/policies/" + id);

        JsonNode list =
                JSON.readTree(AccessFixture.admin(base, "GET", "/api/policies", null).body());
        assertThat(list).extracting(p -> p.path("id").asText()).contains("static-1", id);
        assertThat(list.findValues("read_only"))
                .extracting(JsonNode::asBoolean)
                .contains(true, false);

        HttpResponse<String> replaced =
                AccessFixture.admin(
                        base,
                        "PUT",
                        "/api/policies/" + id,
                        "{\"effect\":\"allow\"," + EVERYONE + "}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replaced.body()).path("effect").asText()).isEqualTo("allow");
        assertThat(AccessFixture.admin(base, "DELETE", "/api/policies/" + id, null).statusCode())
                .isEqualTo(204);
        assertThat(AccessFixture.admin(base, "GET", "/api/policies/" + id, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void staticPoliciesAreReadOnlyAndIdsUnique() throws Exception {
        HttpResponse<String> put =
                AccessFixture.admin(
                        base,
                        "PUT",
                        "/api/policies/static-1",
                        "{\"effect\":\"deny\"," + EVERYONE + "}");
        assertThat(put.statusCode()).isEqualTo(409);
        assertThat(code(put)).isEqualTo("read_only");
        assertThat(AccessFixture.admin(base, "DELETE", "/api/policies/static-1", null).statusCode())
                .isEqualTo(409);
        HttpResponse<String> again =
                AccessFixture.admin(
                        base,
                        "POST",
                        "/api/policies",
                        "{\"id\":\"static-1\",\"effect\":\"deny\"," + EVERYONE + "}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(code(again)).isEqualTo("conflict");
    }

    @Test
    void badFieldsAre400NamingTheFieldAndRenamesAreRefused() throws Exception {
        HttpResponse<String> pattern =
                AccessFixture.admin(
                        base,
                        "POST",
                        "/api/policies",
                        "{\"effect\":\"deny\",\"resource_pattern\":\""
                                + "x".repeat(2000)
                                + "\","
                                + EVERYONE
                                + "}");
        assertThat(pattern.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(pattern.body()).path("error").path("field").asText())
                .isEqualTo("resource_pattern");
        assertThat(pattern.body()).doesNotContain("x".repeat(100));
        HttpResponse<String> rename =
                AccessFixture.admin(
                        base,
                        "PUT",
                        "/api/policies/p1",
                        "{\"id\":\"p2\",\"effect\":\"deny\"," + EVERYONE + "}");
        assertThat(rename.statusCode()).isEqualTo(400);
        HttpResponse<String> duplicate =
                AccessFixture.admin(
                        base,
                        "POST",
                        "/api/policies",
                        "{\"effect\":\"deny\",\"effect\":\"allow\"}");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(code(duplicate)).isEqualTo("duplicate_key");
    }

    @Test
    void onlyAdminsMayUseTheRoutes() {
        HttpResponse<String> user =
                GatewayFixture.send(
                        HttpRequest.newBuilder(base.resolve("/api/policies"))
                                .header(
                                        "Authorization",
                                        "Bearer " + GatewayFixture.userToken("alice"))
                                .build());
        assertThat(user.statusCode()).isEqualTo(403);
        HttpResponse<String> nobody =
                GatewayFixture.send(HttpRequest.newBuilder(base.resolve("/api/policies")).build());
        assertThat(nobody.statusCode()).isEqualTo(401);
    }

    private static String code(HttpResponse<String> answer) throws Exception {
        return JSON.readTree(answer.body()).path("error").path("code").asText();
    }
}
