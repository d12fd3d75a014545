package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static io.reflow.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.target.FileTargetStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/targets}: CRUD, validation, permissions and env configs over real HTTP. */
class TargetsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HTTP_TARGET =
            "{\"name\":\"github\",\"transport_type\":\"streamable-http\","
                    + "\"url\":\"http://127.0.0.1:9/mcp\",\"auth_type\":\"bearer\"}";

    @TempDir Path dir;
    Gateway gateway;
    URI base;

    @BeforeEach
    void start() {
        gateway =
                GatewayFixture.start(
                        dir,
                        "targets: [{ name: fixed, transport_type: streamable-http,"
                                + " url: \"http://127.0.0.1:9/mcp\" }]");
        base = gateway.baseUri();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void createsReadsUpdatesAndDeletesATarget() throws Exception {
        HttpResponse<String> created = call("POST", "/api/targets", ADMIN_TOKEN, HTTP_TARGET);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/api/targets/github");
        assertThat(json(call("GET", "/api/targets/github", ADMIN_TOKEN, null)).path("url").asText())
                .isEqualTo("http://127.0.0.1:9/mcp");
        HttpResponse<String> updated =
                call(
                        "PUT",
                        "/api/targets/github",
                        ADMIN_TOKEN,
                        HTTP_TARGET.replace("9/mcp", "10/mcp"));
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode list = json(call("GET", "/api/targets", GatewayFixture.userToken("bob"), null));
        assertThat(list.findValuesAsText("name")).containsExactly("fixed", "github");
        assertThat(list.get(1).path("url").asText()).isEqualTo("http://127.0.0.1:10/mcp");
        assertThat(list.get(0).path("read_only").asBoolean()).isTrue();
        assertThat(call("DELETE", "/api/targets/github", ADMIN_TOKEN, null).statusCode())
                .isEqualTo(204);
        assertThat(call("GET", "/api/targets/github", ADMIN_TOKEN, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void keepsTargetsAcrossRestarts() {
        call("POST", "/api/targets", ADMIN_TOKEN, HTTP_TARGET);
        gateway.close();
        gateway = GatewayFixture.start(dir, "");
        base = gateway.baseUri();
        assertThat(call("GET", "/api/targets/github", ADMIN_TOKEN, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void reportsEveryInvalidField() throws Exception {
        HttpResponse<String> response =
                call(
                        "POST",
                        "/api/targets",
                        ADMIN_TOKEN,
                        "{\"name\":\"Bad_Name\",\"transport_type\":\"streamable-http\","
                                + "\"url\":\"ftp://x\",\"port\":70000,\"statefulness\":\"maybe\","
                                + "\"colour\":\"red\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_target");
        assertThat(error.path("fields").findValuesAsText("field"))
                .containsExactlyInAnyOrder("name", "url", "port", "statefulness", "colour");
    }

    @Test
    void refusesKubernetesTargetNamesTheOperatorWouldRefuse() throws Exception {
        HttpResponse<String> digitFirst =
                call(
                        "POST",
                        "/api/targets",
                        ADMIN_TOKEN,
                        "{\"name\":\"1password\",\"transport_type\":\"kubernetes\","
                                + "\"image\":\"ghcr.io/org/mcp:1\"}");
        assertThat(digitFirst.statusCode()).isEqualTo(400);
        JsonNode error = json(digitFirst).path("error");
        assertThat(error.path("field").asText()).isEqualTo("name");
        assertThat(error.path("message").asText()).contains("must start with a lowercase letter");

        HttpResponse<String> http =
                call(
                        "POST",
                        "/api/targets",
                        ADMIN_TOKEN,
                        "{\"name\":\"1password\",\"transport_type\":\"streamable-http\","
                                + "\"url\":\"http://127.0.0.1:9/mcp\"}");
        assertThat(http.statusCode()).as("HTTP targets have no instances").isEqualTo(201);
    }

    @Test
    void rejectsDuplicatesRenamesAndChangesToStaticTargets() throws Exception {
        call("POST", "/api/targets", ADMIN_TOKEN, HTTP_TARGET);
        HttpResponse<String> duplicate = call("POST", "/api/targets", ADMIN_TOKEN, HTTP_TARGET);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).path("error").path("code").asText()).isEqualTo("conflict");
        HttpResponse<String> rename =
                call(
                        "PUT",
                        "/api/targets/github",
                        ADMIN_TOKEN,
                        HTTP_TARGET.replace("github", "gh"));
        assertThat(rename.statusCode()).isEqualTo(400);
        assertThat(json(rename).path("error").path("field").asText()).isEqualTo("name");
        HttpResponse<String> fixed = call("DELETE", "/api/targets/fixed", ADMIN_TOKEN, null);
        assertThat(fixed.statusCode()).isEqualTo(409);
        assertThat(json(fixed).path("error").path("code").asText()).isEqualTo("read_only");
        assertThat(
                        call(
                                        "PUT",
                                        "/api/targets/missing",
                                        ADMIN_TOKEN,
                                        HTTP_TARGET.replace("github", "missing"))
                                .statusCode())
                .isEqualTo(404);
    }

    @Test
    void keepsNonAdminsAndStrangersOut() throws Exception {
        String user = GatewayFixture.userToken("bob");
        HttpResponse<String> forbidden = call("POST", "/api/targets", user, HTTP_TARGET);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).path("error").path("code").asText()).isEqualTo("forbidden");
        HttpResponse<String> anonymous = call("GET", "/api/targets", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).isPresent();
    }

    @Test
    void storesEnvValuesEncryptedAndListsThemMasked() throws Exception {
        call("POST", "/api/targets", ADMIN_TOKEN, HTTP_TARGET);
        HttpResponse<String> put =
                call(
                        "PUT",
                        "/api/targets/github/env/user/alice",
                        ADMIN_TOKEN,
                        "{\"AUTH_TOKEN\":\"ghp_supersecretvalue\"}");
        assertThat(put.statusCode()).isEqualTo(200);
        HttpResponse<String> list = call("GET", "/api/targets/github/env", ADMIN_TOKEN, null);
        assertThat(json(list).path("user/alice").path("AUTH_TOKEN").asText()).isEqualTo("****");
        assertThat(list.body()).doesNotContain("supersecret");
        String onDisk = Files.readString(dir.resolve(FileTargetStore.FILE_NAME));
        assertThat(onDisk).contains("AUTH_TOKEN").doesNotContain("supersecret");
        HttpResponse<String> badScope =
                call("PUT", "/api/targets/github/env/team/x", ADMIN_TOKEN, "{\"A\":\"b\"}");
        assertThat(badScope.statusCode()).isEqualTo(400);
        HttpResponse<String> badKey =
                call("PUT", "/api/targets/github/env/default", ADMIN_TOKEN, "{\"A-B\":1}");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(
                        call("DELETE", "/api/targets/github/env/user/alice", ADMIN_TOKEN, null)
                                .statusCode())
                .isEqualTo(204);
    }

    @Test
    void restartsNoInstancesWithoutKubernetes() throws Exception {
        call("POST", "/api/targets", ADMIN_TOKEN, HTTP_TARGET);
        HttpResponse<String> restart =
                call("POST", "/api/targets/github/restart-instances", ADMIN_TOKEN, null);
        assertThat(restart.statusCode()).isEqualTo(200);
        assertThat(json(restart).path("restarted").asInt()).isZero();
    }

    @Test
    void answersHealthWithoutAuthentication() throws Exception {
        HttpResponse<String> health = call("GET", "/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = call("GET", "/observe/health", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics =
                send(
                        HttpRequest.newBuilder(base.resolve("/observe/metrics"))
                                .header("Accept", "text/plain")
                                .build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body()).contains("# TYPE reflow_mcp_requests_total counter");
    }
}
