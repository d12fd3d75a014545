package io.reflow.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import java.util.Map;

/**
 * Starts the operator and the gateway inside the test JVM through their public entry points, as
 * their {@code Main} classes do in a container.
 */
final class InProcessProduct {

    private InProcessProduct() {}

    /** Starts the operator with {@code config}. */
    static Operator startOperator(KubernetesClient client, OperatorConfig config) {
        return Operator.start(client, config);
    }

    /** Starts a gateway from {@code yaml} with {@code env} for its {@code ${...}} references. */
    static Gateway startGateway(String yaml, Map<String, String> env, KubernetesClient client) {
        return Gateway.start(GatewayConfig.fromYaml(yaml, env), client);
    }
}
