package io.reflow.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.reflow.gateway.api.ApiFailures;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.proxy.McpGate;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.target.TargetNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request pipeline on the web server's routing, without a socket ({@code @RoutingTest}): the
 * admission filter decides the caller once and leaves it on the request for every route under
 * {@code /mcp} and {@code /api}; the MCP gate answers its refusals as JSON-RPC errors; the REST
 * API's typed failures are answered in one place, with their status and field.
 */
@RoutingTest
class PipelineRoutingTest {

    private static final String ADMIN = "pipeline-admin-token-0123456789";

    private final DirectClient client;

    PipelineRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        GatewayConfig config =
                GatewayConfig.fromYaml(
                        """
                        server: { host: 127.0.0.1, port: 0 }
                        session: { key: "pipeline-session-key-0123456789" }
                        auth: { admin_tokens: ["%s"] }
                        """
                                .formatted(ADMIN),
                        Map.of());
        Authenticator authenticator = new Authenticator(config.auth());
        RequestGuard guard = new RequestGuard(config.server());
        McpGate gate = new McpGate(guard, authenticator);
        routing.error(RuntimeException.class, (req, res, e) -> res.status(500).send("unexpected"))
                .addFilter(new AdmissionFilter(guard, authenticator));
        ApiFailures.register(
                routing, (req, res, e) -> res.status(500).send("unexpected " + e.getClass()));
        routing.get("/api/caller", PipelineRoutingTest::caller)
                .get("/ui/caller", PipelineRoutingTest::caller)
                .get(
                        "/api/missing",
                        (req, res) -> {
                            throw new TargetNotFoundException("no target 'ghost'");
                        })
                .get(
                        "/elsewhere/missing",
                        (req, res) -> {
                            throw new TargetNotFoundException("no target 'ghost'");
                        })
                .post(
                        "/mcp/{target}",
                        (req, res) -> {
                            try {
                                res.send("hello " + gate.admit(req).subject());
                            } catch (McpGate.Refusal refusal) {
                                refusal.send(res);
                            }
                        });
    }

    /** Answers what the admission filter left on the request. */
    private static void caller(ServerRequest req, ServerResponse res) {
        res.send(
                Admission.in(req.context())
                        .map(
                                a ->
                                        a.identity()
                                                .map(i -> "identity " + i.subject())
                                                .orElse("refused " + a.status()))
                        .orElse("no admission"));
    }

    @Test
    void everyApiRouteFindsTheCallerTheFilterAdmittedAndOtherPathsHaveNone() {
        assertThat(get("/api/caller", "Bearer " + ADMIN)).isEqualTo("200 identity admin");
        assertThat(get("/api/caller", "Bearer not-a-token")).isEqualTo("200 refused 401");
        assertThat(get("/ui/caller", "Bearer " + ADMIN)).isEqualTo("200 no admission");
    }

    @Test
    void mcpRefusalsAreJsonRpcErrorsWithTheChallenge() {
        try (Http1ClientResponse ok = mcp("Bearer " + ADMIN, null)) {
            assertThat(ok.status().code()).isEqualTo(200);
            assertThat(ok.as(String.class)).isEqualTo("hello admin");
        }
        try (Http1ClientResponse refused = mcp("Bearer not-a-token", null)) {
            assertThat(refused.status().code()).isEqualTo(401);
            assertThat(refused.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow())
                    .startsWith("Bearer realm=\"reflow\"")
                    .contains("error=\"invalid_token\"");
            assertThat(refused.as(String.class))
                    .contains("\"code\":-32001")
                    .contains("unknown token");
        }
        try (Http1ClientResponse foreign = mcp("Bearer " + ADMIN, "https://evil.example")) {
            assertThat(foreign.status().code()).isEqualTo(403);
            assertThat(foreign.as(String.class)).contains("Origin");
        }
    }

    @Test
    void typedFailuresOfTheApiAreAnsweredWithTheirStatusAndField() {
        try (Http1ClientResponse missing = client.get("/api/missing").request()) {
            assertThat(missing.status().code()).isEqualTo(404);
            assertThat(missing.as(String.class))
                    .contains("\"code\":\"not_found\"")
                    .contains("\"field\":\"id\"")
                    .contains("no target 'ghost'");
        }
        // Outside the REST API, the same exception is nobody's refusal: an unexpected error.
        try (Http1ClientResponse elsewhere = client.get("/elsewhere/missing").request()) {
            assertThat(elsewhere.status().code()).isEqualTo(500);
        }
    }

    private String get(String path, String authorization) {
        try (Http1ClientResponse answer =
                client.get(path)
                        .header(HeaderNames.HOST, "127.0.0.1")
                        .header(HeaderNames.AUTHORIZATION, authorization)
                        .request()) {
            return answer.status().code() + " " + answer.as(String.class);
        }
    }

    private Http1ClientResponse mcp(String authorization, String origin) {
        var request =
                client.post("/mcp/everything")
                        .header(HeaderNames.HOST, "127.0.0.1")
                        .header(HeaderNames.AUTHORIZATION, authorization);
        if (origin != null) {
            request.header(HeaderNames.ORIGIN, origin);
        }
        return request.submit("{}");
    }
}
