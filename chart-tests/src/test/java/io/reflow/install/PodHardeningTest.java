package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart installs runs restricted (non-root, read-only root filesystem, no privilege
 * escalation, no capabilities, seccomp RuntimeDefault), with probes on the Helidon health
 * endpoints, requests and limits, and a JVM sized from the container limit.
 */
class PodHardeningTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reflow.install.ValueMatrix#variants")
    void runsEveryPodRestricted(String variant, Map<String, Object> values) {
        Manifests rendered = HelmChart.with(values).render();

        assertThat(rendered.podTemplates()).isNotEmpty();
        for (PodTemplateSpec template : rendered.podTemplates()) {
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).isTrue();
            assertThat(pod.getRunAsUser()).isNotNull().isNotZero();
            assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
        for (Container container : rendered.containers()) {
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as(container.getName()).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(security.getPrivileged()).as(container.getName()).isNotEqualTo(true);
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reflow.install.ValueMatrix#variants")
    void probesHealthAndLimitsEveryContainer(String variant, Map<String, Object> values) {
        Manifests rendered = HelmChart.with(values).render();

        for (Container container : rendered.containers()) {
            assertHttpProbe(container.getLivenessProbe(), "/observe/health/live");
            assertHttpProbe(container.getReadinessProbe(), "/observe/health/ready");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(container.getEnv())
                    .anySatisfy(
                            env -> {
                                assertThat(env.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
                                assertThat(env.getValue()).contains("-XX:MaxRAMPercentage=");
                            });
        }
    }

    @Test
    void givesTheJvmAWritableTmpOnly() {
        Manifests rendered = HelmChart.defaults().render();

        for (PodTemplateSpec template : rendered.podTemplates()) {
            assertThat(template.getSpec().getVolumes())
                    .anySatisfy(
                            v -> {
                                assertThat(v.getName()).isEqualTo("tmp");
                                assertThat(v.getEmptyDir()).isNotNull();
                            });
            assertThat(template.getSpec().getContainers().get(0).getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        }
    }

    @Test
    void runsTwoGatewayReplicasWithADisruptionBudgetByDefault() {
        Manifests rendered = HelmChart.defaults().render();

        assertThat(rendered.get(Deployment.class, "reflow-gateway").getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(rendered.ofKind("PodDisruptionBudget")).hasSize(1);
        assertThat(rendered.get(Deployment.class, "reflow-operator").getSpec().getReplicas())
                .isEqualTo(1);
    }

    @Test
    void replacesTheOperatorPodInsteadOfRollingIt() {
        // A new operator pod is ready only once it leads; a rolling update would wait forever.
        Deployment operator =
                HelmChart.defaults().render().get(Deployment.class, "reflow-operator");

        assertThat(operator.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(
                        env -> {
                            assertThat(env.getName()).isEqualTo("REFLOW_LEADER_ELECTION");
                            assertThat(env.getValue()).isEqualTo("true");
                        });
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}
