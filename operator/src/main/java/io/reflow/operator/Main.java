package io.reflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.reflow.metrics.MetricRegistry;
import io.reflow.metrics.MetricsHandler;
import io.reflow.operator.observe.OperatorLog;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The operator process: reads its configuration from the environment, runs an {@link Operator} and
 * serves {@code /observe/health/live}, {@code /observe/health/ready} and {@code /observe/metrics}.
 * Shutdown releases the Lease.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    /** Starts the process; invalid environment values exit with status 2 and a message. */
    public static void main(String[] args) {
        OperatorConfig config;
        try {
            config = OperatorConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("reflow-operator: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogConfig.configureRuntime();
        OperatorLog.configure(config.jsonLogs());
        KubernetesClient client = new KubernetesClientBuilder().build();
        Operator operator = Operator.start(client, config);
        WebServer server = server(operator, config.serverPort()).start();
        OperatorLog.info(
                LOG,
                "health and metrics on port " + server.port(),
                "port",
                String.valueOf(server.port()));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    OperatorLog.atShutdown(
                                            LOG,
                                            "shutting down: releasing the lease, stopping the"
                                                    + " server",
                                            System.err);
                                    operator.close();
                                    server.stop();
                                    client.close();
                                    OperatorLog.atShutdown(LOG, "stopped", System.err);
                                },
                                "reflow-operator-shutdown"));
    }

    /** The health and metrics server of {@code operator} on {@code port} (0 picks a free one). */
    static WebServer server(Operator operator, int port) {
        return WebServer.builder()
                .port(port)
                .addFeature(observe(operator::isReady))
                .routing(Main::routing)
                .build();
    }

    /** Liveness always up while the process runs; readiness follows {@code ready}. */
    static ObserveFeature observe(BooleanSupplier ready) {
        HealthObserver health =
                HealthObserver.builder()
                        .useSystemServices(false)
                        .details(true)
                        .addCheck(
                                () -> HealthCheckResponse.builder().status(true).build(),
                                HealthCheckType.LIVENESS,
                                "operator")
                        .addCheck(
                                () ->
                                        HealthCheckResponse.builder()
                                                .status(ready.getAsBoolean())
                                                .detail(
                                                        "informersSyncedAndLeading",
                                                        ready.getAsBoolean())
                                                .build(),
                                HealthCheckType.READINESS,
                                "reconciler")
                        .build();
        return ObserveFeature.builder().addObserver(health).build();
    }

    /** The metrics endpoint, the gateway's own, and the root. */
    static void routing(HttpRouting.Builder routing) {
        routing.get("/observe/metrics", new MetricsHandler(MetricRegistry.process()))
                .get("/", (request, response) -> response.send("reflow-operator"));
    }
}
