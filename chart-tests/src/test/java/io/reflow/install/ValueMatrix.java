package io.reflow.install;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The sets of values every rendered-object check runs against. */
final class ValueMatrix {

    private ValueMatrix() {}

    /** Named variants: defaults and one change each (plus a combination of the optional parts). */
    static Stream<Arguments> variants() {
        return Stream.of(
                variant("defaults", Map.of()),
                variant("operator only", Map.of("gateway.enabled", false)),
                variant("gateway only", Map.of("operator.enabled", false)),
                variant("five gateway replicas", Map.of("gateway.replicas", 5)),
                variant("network policy off", Map.of("networkPolicy.enabled", false)),
                variant("existing secret", Map.of("gateway.existingSecret", "my-reflow-secrets")),
                variant(
                        "store file, one replica",
                        Map.of("gateway.config.store.kind", "file", "gateway.replicas", 1)),
                variant("store kubernetes", Map.of("gateway.config.store.kind", "kubernetes")),
                variant("separate instance namespace", Map.of("instanceNamespace", "reflow")),
                variant(
                        "ingress, service monitor, egress policy",
                        Map.of(
                                "gateway.ingress.enabled", true,
                                "serviceMonitor.enabled", true,
                                "networkPolicy.egress.enabled", true)));
    }

    /** The variants that install the gateway. */
    static Stream<Arguments> gatewayVariants() {
        return variants()
                .filter(
                        a ->
                                !Boolean.FALSE.equals(
                                        ((Map<?, ?>) a.get()[1]).get("gateway.enabled")));
    }

    private static Arguments variant(String name, Map<String, Object> values) {
        return Arguments.of(name, values);
    }
}
