package io.reflow.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ui} over HTTP, as the Maven build packs it: the page and its hashed assets, the strict
 * security headers on every answer, caching, and nothing loaded from another origin.
 */
class ConsoleServiceTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;
    Gateway gateway;

    @BeforeEach
    void start() {
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(
                                """
                                server: { host: 127.0.0.1, port: 0 }
                                auth: { admin_tokens: ["console-test-token"] }
                                store: { kind: file, path: "%s" }
                                """
                                        .formatted(dir),
                                Map.of()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void servesThePageWithAStrictPolicyAndNoCaching() throws Exception {
        for (String path : new String[] {"/ui", "/ui/"}) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type"))
                    .hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
            assertStrictHeaders(page);
            assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app-");
            // Everything the page loads comes from this origin.
            assertThat(page.body()).doesNotContain("http://", "https://", "//cdn");
        }
    }

    @Test
    void hashedAssetsAreImmutableAndTyped() throws Exception {
        String page = get("/ui/").body();
        Matcher js = Pattern.compile("/ui/(app-[A-Z0-9]+\\.js)").matcher(page);
        Matcher css = Pattern.compile("/ui/(app-[A-Z0-9]+\\.css)").matcher(page);
        assertThat(js.find()).isTrue();
        assertThat(css.find()).isTrue();
        HttpResponse<String> script = get("/ui/" + js.group(1));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("cache-control"))
                .hasValue("public, max-age=31536000, immutable");
        assertStrictHeaders(script);
        HttpResponse<String> style = get("/ui/" + css.group(1));
        assertThat(style.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(style.body()).doesNotContain("@import", "url(http");
    }

    @Test
    void unknownFilesAndOtherMethodsAreRefused() throws Exception {
        for (String path : new String[] {"/ui/nope.js", "/ui/sub/index.html", "/ui/files.txt/x"}) {
            HttpResponse<String> missing = get(path);
            assertThat(missing.statusCode()).as(path).isEqualTo(404);
            assertStrictHeaders(missing);
        }
        HttpResponse<String> post =
                HTTP.send(
                        HttpRequest.newBuilder(uri("/ui/index.html"))
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
    }

    private static void assertStrictHeaders(HttpResponse<String> answer) {
        assertThat(answer.headers().firstValue("content-security-policy"))
                .hasValue(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
                                + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri"
                                + " 'none'; form-action 'self'");
        assertThat(answer.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("referrer-policy")).hasValue("no-referrer");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(gateway.baseUri() + path);
    }
}
