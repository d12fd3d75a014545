package io.reflow.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.ReferenceMcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operator and the gateway running in the test JVM against one cluster, each with its own
 * client; either can be stopped and started again as a rollout or a crash would.
 */
final class RunningProduct implements AutoCloseable {

    private final Supplier<KubernetesClient> operatorClients;
    private final Supplier<KubernetesClient> gatewayClients;
    private final Function<String, OperatorConfig> operatorConfig;
    private final String namespace;
    private final String kubeconfig;
    private final Path dataDir;
    private final Map<String, String> env;
    private AutoCloseable operator;
    private KubernetesClient operatorClient;
    private AutoCloseable gateway;
    private KubernetesClient gatewayClient;
    private URI gatewayUrl;

    /** Operator and gateway with the same credentials. */
    RunningProduct(Supplier<KubernetesClient> clients, String namespace, String kubeconfig) {
        this(clients, clients, namespace, kubeconfig, OperatorConfig::defaults);
    }

    /** Operator and gateway each with their own credentials, as their ServiceAccounts have. */
    RunningProduct(
            Supplier<KubernetesClient> operatorClients,
            Supplier<KubernetesClient> gatewayClients,
            String namespace,
            String kubeconfig,
            Function<String, OperatorConfig> operatorConfig) {
        this.operatorConfig = operatorConfig;
        this.operatorClients = operatorClients;
        this.gatewayClients = gatewayClients;
        this.namespace = namespace;
        this.kubeconfig = kubeconfig;
        try {
            this.dataDir = Files.createTempDirectory("reflow-e2e-gateway-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.env = secrets();
    }

    /** Fresh values for the gateway config's {@code ${...}} secrets. */
    static Map<String, String> secrets() {
        return Map.of(
                "SESSION_KEY", randomHex(32),
                "REFLOW_ADMIN_TOKEN", "admin-" + randomHex(16),
                "JWT_SECRET", randomHex(32),
                "ENCRYPTION_KEY", randomHex(32));
    }

    /** Starts the operator (no-op when running). */
    synchronized void startOperator() {
        if (operator == null) {
            operatorClient = operatorClients.get();
            operator =
                    InProcessProduct.startOperator(operatorClient, operatorConfig.apply(namespace));
        }
    }

    /** Stops the operator as a crash or rollout would. */
    synchronized void stopOperator() {
        closeQuietly(operator);
        closeQuietly(operatorClient);
        operator = null;
        operatorClient = null;
    }

    /** Stops the gateway (if running) and starts one with {@code settings} on a new port. */
    synchronized void restartGateway(ProductSettings settings) {
        closeQuietly(gateway);
        closeQuietly(gatewayClient);
        int port = ReferenceMcpServer.freePort();
        String yaml = GatewayYaml.render(port, namespace, kubeconfig, dataDir, settings);
        gatewayClient = gatewayClients.get();
        gateway = InProcessProduct.startGateway(yaml, env, gatewayClient);
        gatewayUrl = URI.create("http://127.0.0.1:" + port);
    }

    /** Base URL of the running gateway. */
    synchronized URI gatewayUrl() {
        return gatewayUrl;
    }

    /** The gateway's admin token. */
    String adminToken() {
        return env.get("REFLOW_ADMIN_TOKEN");
    }

    /** The gateway's HS256 secret for user JWTs. */
    String jwtSecret() {
        return env.get("JWT_SECRET");
    }

    @Override
    public synchronized void close() {
        closeQuietly(gateway);
        closeQuietly(gatewayClient);
        stopOperator();
        gateway = null;
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Stopping on purpose; a failure to stop cleanly changes nothing for the scenario.
        }
    }
}
