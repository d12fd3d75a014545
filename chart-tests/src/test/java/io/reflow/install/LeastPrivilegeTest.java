package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC grants exactly what the operator and gateway contracts list, namespaced, with no
 * wildcard. Rendered by real Helm; lookups answered by the embedded API server.
 */
class LeastPrivilegeTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reflow.install.ValueMatrix#variants")
    void grantsNothingClusterWideAndNoWildcard(String variant, Map<String, Object> values) {
        Manifests rendered = HelmChart.with(values).render();

        assertThat(rendered.all(ClusterRole.class)).isEmpty();
        assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
        for (Role role : rendered.all(Role.class)) {
            for (PolicyRule rule : role.getRules()) {
                assertThat(rule.getVerbs()).as(role.getMetadata().getName()).doesNotContain("*");
                assertThat(rule.getResources())
                        .as(role.getMetadata().getName())
                        .doesNotContain("*");
                assertThat(rule.getApiGroups())
                        .as(role.getMetadata().getName())
                        .doesNotContain("*");
                if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
                    // Named objects only work with get, update, patch and delete, never list/watch.
                    assertThat(rule.getVerbs())
                            .as(role.getMetadata().getName())
                            .isSubsetOf("get", "update", "patch", "delete");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reflow.install.ValueMatrix#variants")
    void grantsSecretsOnlyInTheInstanceNamespace(String variant, Map<String, Object> values) {
        Manifests rendered = HelmChart.with(values).render();
        String instanceNamespace =
                (String) values.getOrDefault("instanceNamespace", HelmChart.NAMESPACE);

        for (Role role : rendered.all(Role.class)) {
            if (RbacRules.grants(role.getRules()).containsKey("/secrets")) {
                assertThat(role.getMetadata().getNamespace())
                        .as(role.getMetadata().getName())
                        .isEqualTo(instanceNamespace);
            }
        }
    }

    @Test
    void givesTheOperatorExactlyItsContractInTheInstanceNamespace() {
        Manifests rendered = HelmChart.defaults().set("instanceNamespace", "reflow").render();

        Role role = rendered.get(Role.class, "reflow-operator");
        assertThat(role.getMetadata().getNamespace()).isEqualTo("reflow");
        assertThat(RbacRules.grants(role.getRules()))
                .isEqualTo(RbacRules.operatorInstanceNamespace());
        Role lease = rendered.get(Role.class, "reflow-operator-leader-election");
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(RbacRules.grants(lease.getRules()))
                .isEqualTo(RbacRules.operatorLeaderElection());
        assertBoundTo(rendered, "reflow-operator", "reflow", "reflow-operator");
        assertBoundTo(
                rendered,
                "reflow-operator-leader-election",
                HelmChart.NAMESPACE,
                "reflow-operator");
    }

    @Test
    void givesTheGatewayMcpTargetsOnlyWithTheKubernetesStore() {
        Role kubernetesStore =
                HelmChart.defaults()
                        .set("gateway.config.store.kind", "kubernetes")
                        .render()
                        .get(Role.class, "reflow-gateway");
        Role fileStore =
                HelmChart.defaults()
                        .set("gateway.config.store.kind", "file")
                        .set("gateway.replicas", 1)
                        .render()
                        .get(Role.class, "reflow-gateway");

        assertThat(RbacRules.grants(kubernetesStore.getRules())).isEqualTo(RbacRules.gateway(true));
        assertThat(RbacRules.grants(fileStore.getRules())).isEqualTo(RbacRules.gateway(false));
    }

    @Test
    void limitsTheGatewayRoleToTheInstanceNamespace() {
        Manifests rendered = HelmChart.defaults().set("instanceNamespace", "mcp-pods").render();

        assertThat(rendered.get(Role.class, "reflow-gateway").getMetadata().getNamespace())
                .isEqualTo("mcp-pods");
        assertBoundTo(rendered, "reflow-gateway", "mcp-pods", "reflow-gateway");
    }

    @Test
    void operatorOnlyInstallHasNoGatewayPermissions() {
        Manifests rendered = HelmChart.defaults().set("gateway.enabled", false).render();

        assertThat(rendered.find(Role.class, "reflow-gateway")).isEmpty();
        assertThat(rendered.find(RoleBinding.class, "reflow-gateway")).isEmpty();
        assertThat(rendered.describe()).noneMatch(key -> key.contains("reflow-gateway"));
    }

    private static void assertBoundTo(
            Manifests rendered, String role, String namespace, String serviceAccount) {
        RoleBinding binding = rendered.get(RoleBinding.class, role);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role);
        assertThat(binding.getSubjects())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.getKind()).isEqualTo("ServiceAccount");
                            assertThat(s.getName()).isEqualTo(serviceAccount);
                            assertThat(s.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
                        });
    }
}
