package io.reflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conventions of {@code /api/**} over real HTTP: JSON errors for every refusal, 405 with {@code
 * Allow}, content types, duplicate keys, bounded messages, merge patch, and the OpenAPI document
 * kept equal to the routes served.
 */
class ApiConventionsTest {

    private static final String TOKEN = "conventions-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TARGET =
            "{\"name\":\"t1\",\"transport_type\":\"streamable-http\","
                    + "\"url\":\"http://127.0.0.1:9/mcp\",\"auth_type\":\"bearer\"}";
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @TempDir Path dir;
    Gateway gateway;

    @BeforeEach
    void start() {
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(
                                """
                                server: { host: 127.0.0.1, port: 0 }
                                auth: { admin_tokens: ["%s"] }
                                store: { kind: file, path: "%s" }
                                """
                                        .formatted(TOKEN, dir),
                                Map.of()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void openApiDocumentListsExactlyTheRoutesTheApiServes() throws Exception {
        HttpResponse<String> document = call("GET", "/api/openapi.json", null, null, null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("content-type")).hasValue("application/json");

        Set<String> served =
                TargetsApi.ROUTES.stream()
                        .map(r -> r.method().text() + " " + r.openApiPath())
                        .collect(Collectors.toCollection(TreeSet::new));
        served.add("GET " + OpenApi.PATH);
        PoliciesApi.ROUTES.forEach(r -> served.add(r.method().text() + " " + r.openApiPath()));
        served.addAll(LogsApi.ROUTES);
        served.addAll(MeApi.ROUTES);
        served.addAll(AccessApi.ROUTES);
        served.addAll(InstancesApi.ROUTES);
        Set<String> documented = new TreeSet<>();
        JSON.readTree(document.body())
                .path("paths")
                .properties()
                .forEach(
                        p ->
                                methods(p.getValue())
                                        .forEach(m -> documented.add(m + " " + p.getKey())));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyDocumentedRouteAnswersAndOtherMethodsGet405WithAllow() throws Exception {
        assertThat(call("POST", "/api/targets", "application/json", TARGET, TOKEN).statusCode())
                .isEqualTo(201);
        for (Map.Entry<String, JsonNode> entry :
                JSON.readTree(OpenApi.load()).path("paths").properties()) {
            String path = entry.getKey();
            String concrete =
                    path.replace("{id}", "t1").replace("{kind}", "role").replace("{name}", "dev");
            Set<String> methods = methods(entry.getValue());
            for (String method : methods) {
                if (path.endsWith("/events")) {
                    assertThat(streamStatus(concrete)).as(method + " " + path).isEqualTo(200);
                    continue;
                }
                // A DELETE before other calls still lets them answer: a missing target is a
                // 404 not_found, not route_not_found.
                HttpResponse<String> answer =
                        call(
                                method,
                                concrete,
                                method.equals("PATCH")
                                        ? "application/merge-patch+json"
                                        : "application/json",
                                method.equals("GET") || method.equals("DELETE") ? null : "{}",
                                TOKEN);
                assertThat(answer.statusCode()).as(method + " " + path).isNotEqualTo(405);
                if (answer.statusCode() == 404) {
                    assertThat(code(answer))
                            .as(method + " " + path)
                            .isNotEqualTo("route_not_found");
                }
            }
            HttpResponse<String> other = call("OPTIONS", concrete, null, null, TOKEN);
            assertThat(other.statusCode()).as("OPTIONS " + path).isEqualTo(405);
            assertThat(code(other)).isEqualTo("method_not_allowed");
            Set<String> allow = new TreeSet<>();
            for (String method : other.headers().firstValue("allow").orElse("").split(",")) {
                allow.add(method.trim());
            }
            assertThat(allow).as("Allow of " + path).isEqualTo(methods);
        }
    }

    @Test
    void unknownRoutesGetAJson404() throws Exception {
        for (String path : new String[] {"/api", "/api/nope", "/api/targets/t1/bogus/x"}) {
            HttpResponse<String> answer = call("GET", path, null, null, TOKEN);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(code(answer)).isEqualTo("route_not_found");
        }
        HttpResponse<String> wrongMethod = call("PATCH", "/api/targets", null, null, TOKEN);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET, POST");
        assertThat(message(wrongMethod))
                .isEqualTo("PATCH is not allowed on this route; allowed: GET, POST");
    }

    @Test
    void bodiesNeedTheirJsonContentTypeElse415NamingTheHeader() throws Exception {
        HttpResponse<String> text = call("POST", "/api/targets", "text/plain", TARGET, TOKEN);
        assertThat(text.statusCode()).isEqualTo(415);
        JsonNode error = JSON.readTree(text.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_media_type");
        assertThat(error.path("field").asText()).isEqualTo("Content-Type");
        assertThat(error.path("message").asText())
                .isEqualTo("Content-Type must be application/json, not 'text/plain'");

        HttpResponse<String> none = call("POST", "/api/targets", null, TARGET, TOKEN);
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(call("GET", "/api/targets/t1", null, null, TOKEN).statusCode()).isEqualTo(404);

        assertThat(
                        call(
                                        "POST",
                                        "/api/targets",
                                        "application/json; charset=utf-8",
                                        TARGET,
                                        TOKEN)
                                .statusCode())
                .isEqualTo(201);
        HttpResponse<String> plainPatch =
                call("PATCH", "/api/targets/t1", "application/json", "{}", TOKEN);
        assertThat(plainPatch.statusCode()).isEqualTo(415);
        assertThat(message(plainPatch))
                .startsWith("Content-Type must be application/merge-patch+json");
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKey() throws Exception {
        String twice = TARGET.replace("{\"name\":\"t1\",", "{\"name\":\"t1\",\"name\":\"t2\",");
        HttpResponse<String> answer =
                call("POST", "/api/targets", "application/json", twice, TOKEN);
        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("duplicate_key");
        assertThat(error.path("field").asText()).isEqualTo("name");
        assertThat(error.path("message").asText())
                .isEqualTo("key 'name' is given twice in one object");
        assertThat(call("GET", "/api/targets", null, null, TOKEN).body()).isEqualTo("[]");
    }

    @Test
    void errorsQuoteAtMost64CharactersOfALongValue() throws Exception {
        String name = "x".repeat(5000);
        String withLongName = TARGET.replace("\"t1\"", "\"" + name + "\"");
        HttpResponse<String> single =
                call("POST", "/api/targets", "application/json", withLongName, TOKEN);
        assertThat(single.statusCode()).isEqualTo(400);
        assertThat(single.body()).hasSizeLessThan(600).doesNotContain("x".repeat(65));
        assertThat(message(single))
                .isEqualTo(
                        "name: '"
                                + "x".repeat(64)
                                + "…' must be a DNS-1123 label (lowercase letters, digits, '-') of"
                                + " at most 40 characters");

        String unknownField = "k".repeat(5000);
        HttpResponse<String> two =
                call(
                        "POST",
                        "/api/targets",
                        "application/json",
                        withLongName.replace("{", "{\"" + unknownField + "\":1,"),
                        TOKEN);
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(two.body())
                .hasSizeLessThan(1000)
                .doesNotContain("x".repeat(65))
                .doesNotContain("k".repeat(65));
    }

    @Test
    void transportTypeErrorsOfferOnlyTheSupportedValues() throws Exception {
        HttpResponse<String> unknown =
                call(
                        "POST",
                        "/api/targets",
                        "application/json",
                        TARGET.replace("streamable-http", "grpc"),
                        TOKEN);
        assertThat(message(unknown))
                .isEqualTo(
                        "transport_type: 'grpc' is not one of streamable-http, kubernetes, stdio,"
                                + " sse");
    }

    @Test
    void bodiesOver1MiBGet413() throws Exception {
        String big = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\"}";
        HttpResponse<String> answer = call("POST", "/api/targets", "application/json", big, TOKEN);
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(code(answer)).isEqualTo("too_large");
    }

    @Test
    void mergePatchChangesOnlyTheFieldsItNames() throws Exception {
        assertThat(call("POST", "/api/targets", "application/json", TARGET, TOKEN).statusCode())
                .isEqualTo(201);
        HttpResponse<String> patched =
                patch("t1", "{\"url\":\"http://127.0.0.1:10/mcp\",\"auth_type\":null}");
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode stored = JSON.readTree(call("GET", "/api/targets/t1", null, null, TOKEN).body());
        assertThat(stored.path("url").asText()).isEqualTo("http://127.0.0.1:10/mcp");
        assertThat(stored.path("transport_type").asText()).isEqualTo("streamable-http");
        assertThat(stored.has("auth_type")).isFalse();

        HttpResponse<String> rename = patch("t1", "{\"name\":\"t2\"}");
        assertThat(rename.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(rename.body()).path("error").path("field").asText())
                .isEqualTo("name");
        HttpResponse<String> invalid = patch("t1", "{\"port\":70000}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).path("error").path("field").asText())
                .isEqualTo("port");
        assertThat(patch("nope", "{}").statusCode()).isEqualTo(404);
    }

    private static Set<String> methods(JsonNode pathItem) {
        Set<String> methods = new TreeSet<>();
        pathItem.fieldNames()
                .forEachRemaining(
                        m -> {
                            if (METHODS.contains(m)) {
                                methods.add(m.toUpperCase());
                            }
                        });
        return methods;
    }

    private static String code(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body()).path("error").path("code").asText();
    }

    private static String message(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body()).path("error").path("message").asText();
    }

    private HttpResponse<String> patch(String id, String body) throws Exception {
        return call("PATCH", "/api/targets/" + id, "application/merge-patch+json", body, TOKEN);
    }

    private HttpResponse<String> call(
            String method, String path, String contentType, String body, String token)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUri() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET of an event stream (which never ends by itself), then closed. */
    private int streamStatus(String path) throws Exception {
        HttpResponse<java.io.InputStream> answer =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUri() + path))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        answer.body().close();
        return answer.statusCode();
    }
}
