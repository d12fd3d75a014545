package io.reflow.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the operator and the gateway inside the test JVM through their public entry points ({@code
 * Operator.start(client, OperatorConfig.defaults(ns))}, {@code Gateway.start(config, client)} with
 * {@code GatewayConfig.fromYaml(yaml, env)}).
 */
final class InProcessProduct {

    private static final String OPERATOR = "io.reflow.operator.Operator";
    private static final String OPERATOR_CONFIG = "io.reflow.operator.OperatorConfig";

    private InProcessProduct() {}

    /** Whether the operator and gateway entry points are on the classpath. */
    static boolean available() {
        return unavailable().isEmpty();
    }

    /** Why the product cannot run in this JVM (its classes are absent), or empty. */
    static Optional<String> unavailable() {
        for (String name : new String[] {OPERATOR, OPERATOR_CONFIG}) {
            if (load(name).isEmpty()) {
                return Optional.of(name + " is not on the test classpath yet");
            }
        }
        return Optional.empty();
    }

    /** Starts the operator for {@code namespace} with its defaults. */
    static AutoCloseable startOperator(KubernetesClient client, String namespace) {
        Class<?> configType = load(OPERATOR_CONFIG).orElseThrow();
        Object config = invoke(method(configType, "defaults", 1), null, namespace);
        Class<?> operator = load(OPERATOR).orElseThrow();
        return (AutoCloseable) invoke(method(operator, "start", 2), null, client, config);
    }

    /** Starts a gateway from {@code yaml} with {@code env} for its {@code ${...}} references. */
    static Gateway startGateway(String yaml, Map<String, String> env, KubernetesClient client) {
        return Gateway.start(GatewayConfig.fromYaml(yaml, env), client);
    }

    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Method method(Class<?> type, String name, int parameters) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        type.getName() + " has no " + name + "/" + parameters));
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(method + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method + " is not accessible", e);
        }
    }
}
