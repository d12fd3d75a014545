package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helidon.webserver.WebServer;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The process's health and metrics endpoints, with the operator on the real API server. */
@RequiresControlPlane
class MainControlPlaneTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedCluster cluster;
    private Operator operator;
    private WebServer server;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        operator = Operator.start(cluster.client(), OperatorConfig.defaults(cluster.namespace()));
        server = Main.server(operator, 0).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        operator.close();
        cluster.close();
    }

    @Test
    void readinessFollowsInformerSyncAndLivenessIsUp() throws Exception {
        await().until(() -> get("/observe/health/ready").statusCode() == 200);
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);

        operator.close();

        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountReconcilesQueueDepthAndInstancesByPhase() throws Exception {
        await().until(operator::isReady);
        String name =
                cluster.create(EmbeddedCluster.instance("github", "alice")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null && cluster.get(name).getStatus() != null);

        await().untilAsserted(
                        () -> {
                            String metrics = get("/observe/metrics").body();
                            assertThat(metrics)
                                    .contains("reflow_operator_reconciles_total")
                                    .contains("reflow_operator_reconcile_errors_total")
                                    .contains("reflow_operator_queue_depth")
                                    .contains("reflow_operator_reconcile_duration_seconds_count")
                                    .contains(
                                            "reflow_operator_reconcile_duration_seconds_bucket{le=\"+Inf\"}")
                                    .containsPattern(
                                            "reflow_operator_instances\\{[^}]*phase=\"Starting\"[^}]*\\} 1");
                        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Accept", "text/plain")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
