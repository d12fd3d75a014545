package io.reflow.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cluster with the product (operator + gateway) installed, as the scenarios see it. One
 * implementation per provider: embedded API server, k3s, existing cluster.
 */
interface ClusterProvider extends AutoCloseable {

    /** Short name for reports, e.g. {@code embedded}. */
    String name();

    /** A client with rights to read everything the product creates in {@link #namespace()}. */
    KubernetesClient client();

    /** Namespace of the MCPInstances, their Secrets, Pods and Services. */
    String namespace();

    /** The operator and gateway this provider runs in the test JVM. */
    RunningProduct product();

    /** Base URL of the gateway, e.g. {@code http://127.0.0.1:PORT}. */
    default URI gatewayUrl() {
        return product().gatewayUrl();
    }

    /** An admin token of the gateway. */
    default String adminToken() {
        return product().adminToken();
    }

    /** The HS256 secret the gateway verifies user JWTs with. */
    default String jwtSecret() {
        return product().jwtSecret();
    }

    /** Image the test targets run (irrelevant on the embedded provider). */
    String serverImage();

    /** Port the test targets' MCP server listens on in its pod. */
    int serverPort();

    /** Restarts the gateway with {@code settings}; instances already created are kept. */
    default void restartGateway(ProductSettings settings) {
        product().restartGateway(settings);
    }

    /** Stops the operator (reconciling halts) until {@link #startOperator()}. */
    default void stopOperator() {
        product().stopOperator();
    }

    /** Starts the operator again after {@link #stopOperator()}. */
    default void startOperator() {
        product().startOperator();
    }

    /** A kubeconfig file for the installed kubectl, when this provider can give one. */
    Optional<Path> kubeconfig();

    /** The kubectl to run against this cluster: the one on {@code PATH} unless said otherwise. */
    default Path kubectlBinary() {
        return Path.of("kubectl");
    }

    /** Stops everything this provider started. */
    @Override
    void close();
}
