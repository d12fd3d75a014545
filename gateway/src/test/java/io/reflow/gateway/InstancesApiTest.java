package io.reflow.gateway;

import static io.reflow.gateway.GatewayFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.testing.MovableClock;
import io.reflow.testing.ReferenceMcpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/me} and {@code /api/instances} over HTTP against a gateway running the reference MCP
 * server as stdio processes: who sees which process, restarts (own only), and the event stream that
 * pushes the list when a process starts or stops.
 */
class InstancesApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir Path dir;
    final MovableClock clock = new MovableClock();
    Gateway gateway;
    URI base;

    @BeforeEach
    void start() {
        gateway =
                Gateway.start(
                        // The collector also reports activity: every 200 ms here.
                        GatewayConfig.fromYaml(
                                GatewayFixture.yaml(dir, "stdio: { gc_interval: 200ms }"),
                                Map.of()),
                        null,
                        Map.of(
                                "PATH",
                                System.getenv("PATH"),
                                "HOME",
                                System.getProperty("user.home")),
                        clock);
        base = gateway.baseUri();
        String servers = ReferenceMcpServer.serversDir().toAbsolutePath().toString();
        for (String target : List.of("mine", "shared")) {
            String body =
                    """
                    {"name":"%s","transport_type":"stdio","command":"node",\
                    "args":["node_modules/@modelcontextprotocol/server-everything/dist/index.js",\
                    "stdio"],"working_dir":"%s","isolation_boundary":"%s"}"""
                            .formatted(
                                    target, servers, target.equals("mine") ? "per_user" : "shared");
            assertThat(call("POST", "/api/targets", body, ADMIN_TOKEN).statusCode()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void meNamesTheCallerAndWhetherAdmin() throws Exception {
        JsonNode admin = JSON.readTree(call("GET", "/api/me", null, ADMIN_TOKEN).body());
        assertThat(admin.path("subject").asText()).isEqualTo("admin");
        assertThat(admin.path("kind").asText()).isEqualTo("builtin");
        assertThat(admin.path("admin").asBoolean()).isTrue();
        JsonNode alice =
                JSON.readTree(
                        call("GET", "/api/me", null, GatewayFixture.userToken("alice")).body());
        assertThat(alice.path("subject").asText()).isEqualTo("alice");
        assertThat(alice.path("role").asText()).isEqualTo("user");
        assertThat(alice.path("admin").asBoolean()).isFalse();
        HttpResponse<String> anonymous = call("GET", "/api/me", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("error").path("field").asText())
                .isEqualTo("Authorization");
    }

    @Test
    void usersSeeTheirOwnProcessesAndRestartOnlyTheirOwn() throws Exception {
        String alice = GatewayFixture.userToken("alice");
        String bob = GatewayFixture.userToken("bob");
        GatewayFixture.initialize(base, "mine", alice);
        GatewayFixture.initialize(base, "mine", bob);
        GatewayFixture.initialize(base, "shared", bob);

        JsonNode all = list(ADMIN_TOKEN);
        assertThat(all).hasSize(3);
        assertThat(all.get(0).path("transport").asText()).isEqualTo("stdio");
        assertThat(all.get(0).path("phase").asText()).isEqualTo("Running");
        assertThat(all.get(0).path("endpoint").asText()).startsWith("pid ");
        JsonNode mine = list(alice);
        assertThat(mine).hasSize(2);
        assertThat(mine.findValuesAsText("target")).containsExactly("mine", "shared");
        assertThat(mine.get(0).path("restartable").asBoolean()).isTrue();
        assertThat(mine.get(1).path("restartable").asBoolean()).isFalse();
        String bobs =
                list(bob).get(0).path("target").asText().equals("mine")
                        ? list(bob).get(0).path("id").asText()
                        : list(bob).get(1).path("id").asText();
        assertThat(mine.findValuesAsText("id")).doesNotContain(bobs);

        HttpResponse<String> others =
                call("POST", "/api/instances/" + bobs + "/restart", "", alice);
        assertThat(others.statusCode()).isEqualTo(403);
        assertThat(others.body()).contains("is not yours");
        HttpResponse<String> shared =
                call(
                        "POST",
                        "/api/instances/" + mine.get(1).path("id").asText() + "/restart",
                        "",
                        alice);
        assertThat(shared.statusCode()).isEqualTo(403);
        assertThat(shared.body()).contains("serves other users too");
        String own = mine.get(0).path("id").asText();
        assertThat(call("POST", "/api/instances/" + own + "/restart", "", alice).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> list(alice).size() == 1);
        assertThat(list(ADMIN_TOKEN).findValuesAsText("id")).contains(bobs).doesNotContain(own);
        HttpResponse<String> gone = call("POST", "/api/instances/" + own + "/restart", "", alice);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("error").path("field").asText()).isEqualTo("id");
    }

    @Test
    void eventStreamPushesTheListWhenAProcessStartsAndStops() throws Exception {
        String alice = GatewayFixture.userToken("alice");
        try (InstanceEventStream stream = new InstanceEventStream(base, alice)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("content-type"))
                    .hasValue("text/event-stream");
            assertThat(stream.next(list -> true, WAIT)).isEmpty();
            GatewayFixture.initialize(base, "mine", GatewayFixture.userToken("bob"));
            GatewayFixture.initialize(base, "mine", alice);
            // Bob's process started first, yet only Alice's is in her stream.
            JsonNode seen = stream.next(list -> !list.isEmpty(), WAIT);
            assertThat(seen).hasSize(1);
            String id = seen.get(0).path("id").asText();
            assertThat(call("POST", "/api/instances/" + id + "/restart", "", alice).statusCode())
                    .isEqualTo(200);
            stream.next(JsonNode::isEmpty, WAIT);
            // The gateway ends open streams when it stops.
            gateway.close();
            assertThat(stream.endsWithin(WAIT)).isTrue();
        }
        gateway = Gateway.start(GatewayConfig.fromYaml(GatewayFixture.yaml(dir, ""), Map.of()));
    }

    @Test
    void eventStreamPushesNewActivityOfAProcess() throws Exception {
        String alice = GatewayFixture.userToken("alice");
        String session = GatewayFixture.initialize(base, "mine", alice);
        try (InstanceEventStream stream = new InstanceEventStream(base, alice)) {
            JsonNode before = stream.next(list -> !list.isEmpty(), WAIT);
            String seen = before.get(0).path("last_activity_at").asText();
            clock.advance(Duration.ofMinutes(1));
            HttpResponse<String> tools =
                    GatewayFixture.send(
                            GatewayFixture.mcpPost(
                                            base,
                                            "mine",
                                            alice,
                                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                                    .header("Mcp-Session-Id", session)
                                    .header("MCP-Protocol-Version", "2025-06-18")
                                    .build());
            assertThat(tools.statusCode()).isEqualTo(200);
            String expected = Instant.parse(seen).plus(Duration.ofMinutes(1)).toString();
            JsonNode after =
                    stream.next(
                            list ->
                                    !list.isEmpty()
                                            && list.get(0)
                                                    .path("last_activity_at")
                                                    .asText()
                                                    .equals(expected),
                            WAIT);
            assertThat(after.get(0).path("id").asText())
                    .isEqualTo(before.get(0).path("id").asText());
        }
    }

    @Test
    void oneIdentityMayHoldEightStreamsAtOnce() throws Exception {
        String alice = GatewayFixture.userToken("alice");
        List<InstanceEventStream> streams = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                InstanceEventStream stream = new InstanceEventStream(base, alice);
                streams.add(stream);
                assertThat(stream.response().statusCode()).isEqualTo(200);
            }
            HttpResponse<String> ninth = call("GET", "/api/instances/events", null, alice);
            assertThat(ninth.statusCode()).isEqualTo(429);
            assertThat(ninth.body()).contains("too_many_streams", "8 instance event streams");
            // Another identity is not held back by Alice's streams.
            try (InstanceEventStream bobs =
                    new InstanceEventStream(base, GatewayFixture.userToken("bob"))) {
                assertThat(bobs.response().statusCode()).isEqualTo(200);
            }
            streams.remove(0).close();
            // The gateway sees the closed stream when a write to it fails: changes (a process of
            // Carol's started and restarted) make it write until then, or the 15 s keep-alive.
            String carol = GatewayFixture.userToken("carol");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                GatewayFixture.initialize(base, "mine", carol);
                                String id = list(carol).get(0).path("id").asText();
                                call("POST", "/api/instances/" + id + "/restart", "", carol);
                                HttpResponse<String> answer =
                                        call("GET", "/api/instances", null, alice);
                                return answer.statusCode() == 200 && opensStream(alice, streams);
                            });
        } finally {
            for (InstanceEventStream stream : streams) {
                stream.close();
            }
        }
    }

    /** Whether a new stream of {@code token} is accepted; an accepted one joins {@code open}. */
    private boolean opensStream(String token, List<InstanceEventStream> open) throws Exception {
        InstanceEventStream again = new InstanceEventStream(base, token);
        if (again.response().statusCode() == 200) {
            open.add(again);
            return true;
        }
        again.close();
        return false;
    }

    private JsonNode list(String token) throws Exception {
        HttpResponse<String> answer = call("GET", "/api/instances", null, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> call(String method, String path, String body, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return GatewayFixture.send(request.build());
    }
}
