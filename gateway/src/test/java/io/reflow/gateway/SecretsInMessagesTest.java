package io.reflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials in target URLs and env values reach neither clients nor the log. */
class SecretsInMessagesTest {

    private static final String PASSWORD = "pw-s3cret-1";
    private static final String API_KEY = "k3y-s3cret-2";
    private static final String ENV_SECRET = "env-s3cret-3";
    private static final List<String> SECRETS = List.of(PASSWORD, API_KEY, ENV_SECRET);

    @TempDir static Path dir;
    private static Gateway gateway;
    private static URI base;
    private static final List<String> logged = new CopyOnWriteArrayList<>();
    private static final Logger ROOT = Logger.getLogger("");
    private static final Handler CAPTURE =
            new Handler() {
                private final SimpleFormatter format = new SimpleFormatter();

                @Override
                public void publish(LogRecord log) {
                    logged.add(format.format(log));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeAll
    static void start() {
        CAPTURE.setLevel(Level.ALL);
        ROOT.addHandler(CAPTURE);
        gateway = GatewayFixture.start(dir, "");
        base = gateway.baseUri();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        ROOT.removeHandler(CAPTURE);
    }

    private static HttpResponse<String> api(String method, String path, String token, String body) {
        return GatewayFixture.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static void assertNoSecretIn(String where, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as(where).doesNotContain(secret);
        }
    }

    private static void assertNoSecretLogged() {
        assertNoSecretIn("log", String.join("\n", logged));
    }

    @Test
    void usersWhoAreNotAdminsSeeTargetUrlsWithoutUserinfoOrQuery() {
        String url = "http://svc:" + PASSWORD + "@127.0.0.1:9/mcp?api_key=" + API_KEY;
        HttpResponse<String> created =
                api(
                        "POST",
                        "/api/targets",
                        GatewayFixture.ADMIN_TOKEN,
                        "{\"name\":\"creds\",\"transport_type\":\"streamable-http\",\"url\":\""
                                + url
                                + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String user = GatewayFixture.userToken("bob");

        HttpResponse<String> list = api("GET", "/api/targets", user, null);
        HttpResponse<String> one = api("GET", "/api/targets/creds", user, null);

        assertThat(list.body()).contains("\"url\":\"http://127.0.0.1:9/mcp\"");
        assertThat(one.body()).contains("\"url\":\"http://127.0.0.1:9/mcp\"");
        assertNoSecretIn("list", list.body());
        assertNoSecretIn("get", one.body());
        assertThat(api("GET", "/api/targets/creds", GatewayFixture.ADMIN_TOKEN, null).body())
                .contains(API_KEY);
        assertNoSecretLogged();
    }

    @Test
    void anInvalidTargetUrlWithCredentialsIsRefusedWithoutEchoingIt() {
        HttpResponse<String> refused =
                api(
                        "POST",
                        "/api/targets",
                        GatewayFixture.ADMIN_TOKEN,
                        "{\"name\":\"bad\",\"transport_type\":\"streamable-http\",\"url\":\""
                                + "ftp://svc:"
                                + PASSWORD
                                + "@host/x\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"url\"");
        assertNoSecretIn("400", refused.body());
        assertNoSecretLogged();
    }

    @Test
    void anInvalidBaseUrlEnvValueIsA502NamingTheKeyButNotTheValue() {
        assertThat(
                        api(
                                        "POST",
                                        "/api/targets",
                                        GatewayFixture.ADMIN_TOKEN,
                                        "{\"name\":\"envurl\",\"transport_type\":\"streamable-http\","
                                                + "\"url\":\"http://127.0.0.1:9/mcp\"}")
                                .statusCode())
                .isEqualTo(201);
        for (String value :
                List.of(
                        "https://svc:" + ENV_SECRET + "@host/a path",
                        "https://svc:" + ENV_SECRET + "@/nohost",
                        "http://" + ENV_SECRET + "%zz/")) {
            HttpResponse<String> env =
                    api(
                            "PUT",
                            "/api/targets/envurl/env/default",
                            GatewayFixture.ADMIN_TOKEN,
                            "{\"BASE_URL\":\"" + value + "\",\"TIMEOUT\":\"" + ENV_SECRET + "\"}");
            assertThat(env.statusCode()).isEqualTo(200);

            HttpResponse<String> call =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            base,
                                            "envurl",
                                            GatewayFixture.ADMIN_TOKEN,
                                            GatewayFixture.INITIALIZE)
                                    .build());

            assertThat(call.statusCode()).as(call.body()).isEqualTo(502);
            assertThat(call.body()).as(value).containsAnyOf("BASE_URL", "TIMEOUT");
            assertNoSecretIn(value, call.body());
        }
        assertNoSecretLogged();
    }
}
