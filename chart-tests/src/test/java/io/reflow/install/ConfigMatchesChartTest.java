package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The kubectl manifests in {@code config/} install what the chart installs (release "reflow" in
 * reflow-system, instances in reflow): the same objects, RBAC rules, security contexts, probes,
 * config. Only Helm's bookkeeping labels differ; config/ adds the two Namespaces and leaves the
 * gateway's Secret to one documented kubectl command.
 */
class ConfigMatchesChartTest {

    private static final List<String> HELM_LABELS =
            List.of("helm.sh/chart", "app.kubernetes.io/version");

    private final Manifests config =
            Manifests.readDirectory(Repository.config("namespaces"))
                    .and(Manifests.readDirectory(Repository.config("rbac")))
                    .and(Manifests.readDirectory(Repository.config("manager")))
                    .and(Manifests.readDirectory(Repository.config("gateway")));
    private final Manifests chart =
            HelmChart.defaults().set("instanceNamespace", "reflow").render();

    @Test
    void installsTheSameObjects() {
        List<String> fromConfig =
                config.objects().stream()
                        .filter(o -> !(o instanceof Namespace))
                        .map(Manifests::key)
                        .distinct()
                        .sorted()
                        .toList();
        List<String> fromChart =
                chart.objects().stream()
                        .filter(o -> !(o instanceof Secret))
                        .map(Manifests::key)
                        .sorted()
                        .toList();

        assertThat(fromConfig).isEqualTo(fromChart);
        assertThat(config.all(Namespace.class))
                .extracting(n -> n.getMetadata().getName())
                .containsOnly("reflow-system", "reflow");
        assertThat(chart.find(Secret.class, "reflow-gateway")).isPresent();
    }

    @Test
    void installsIdenticalObjectsApartFromHelmLabels() {
        for (HasMetadata fromChart : chart.objects()) {
            if (fromChart instanceof Secret) {
                continue;
            }
            HasMetadata fromConfig =
                    config.objects().stream()
                            .filter(o -> Manifests.key(o).equals(Manifests.key(fromChart)))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "missing in config/: "
                                                            + Manifests.key(fromChart)));

            assertThat(comparable(fromConfig))
                    .as(Manifests.key(fromChart))
                    .isEqualTo(comparable(fromChart));
        }
    }

    @Test
    void grantsTheSameRbacRules() {
        for (var role : chart.all(io.fabric8.kubernetes.api.model.rbac.Role.class)) {
            var same =
                    config.get(
                            io.fabric8.kubernetes.api.model.rbac.Role.class,
                            role.getMetadata().getName());

            assertThat(RbacRules.grants(same.getRules()))
                    .as(role.getMetadata().getName())
                    .isEqualTo(RbacRules.grants(role.getRules()));
        }
    }

    @Test
    void runsPodsWithTheSameSecurityContexts() {
        for (Deployment deployment : chart.all(Deployment.class)) {
            Deployment same = config.get(Deployment.class, deployment.getMetadata().getName());

            assertThat(same.getSpec().getTemplate().getSpec().getSecurityContext())
                    .isEqualTo(deployment.getSpec().getTemplate().getSpec().getSecurityContext());
            assertThat(same.getSpec().getTemplate().getSpec().getContainers())
                    .extracting(c -> c.getSecurityContext())
                    .isEqualTo(
                            deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                                    .map(c -> c.getSecurityContext())
                                    .toList());
        }
    }

    @Test
    void pointsTheOperatorAtTheInstanceNamespaceOfTheGatewayConfig() {
        Deployment operator = config.get(Deployment.class, "reflow-operator");
        Map<String, Object> gatewayConfig = GatewayConfigTest.config(config);

        assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(
                        env -> {
                            assertThat(env.getName()).isEqualTo("REFLOW_NAMESPACE");
                            assertThat(env.getValue())
                                    .isEqualTo(
                                            GatewayConfigTest.at(
                                                    gatewayConfig, "kubernetes", "namespace"));
                        });
    }

    /** The object as YAML without Helm's labels and annotations, config files parsed. */
    private static String comparable(HasMetadata object) {
        HasMetadata copy = Serialization.clone(object);
        strip(copy.getMetadata());
        if (copy instanceof Deployment deployment) {
            strip(deployment.getSpec().getTemplate().getMetadata());
        }
        if (copy instanceof ConfigMap map) {
            Map<String, Object> parsed = new TreeMap<>();
            map.getData()
                    .forEach(
                            (k, v) -> parsed.put(k, sorted(Serialization.unmarshal(v, Map.class))));
            map.setData(null);
            return Serialization.asYaml(copy) + Serialization.asYaml(parsed);
        }
        return Serialization.asYaml(copy);
    }

    /** Maps with their keys sorted, at every depth, so key order in the file does not matter. */
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sorted(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigMatchesChartTest::sorted).toList();
        }
        return value;
    }

    private static void strip(ObjectMeta metadata) {
        if (metadata.getLabels() != null) {
            HELM_LABELS.forEach(metadata.getLabels()::remove);
            metadata.getLabels().remove("app.kubernetes.io/managed-by", "Helm");
        }
        if (metadata.getAnnotations() != null) {
            metadata.getAnnotations().remove("checksum/config");
            metadata.getAnnotations().remove("checksum/secret");
            if (metadata.getAnnotations().isEmpty()) {
                metadata.setAnnotations(null);
            }
        }
    }
}
