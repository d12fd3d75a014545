package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstancePodTest {

    static final MCPInstance BASE =
            new MCPInstanceBuilder()
                    .withNewMetadata()
                    .withName("github-0123456789")
                    .withNamespace("reflow")
                    .withUid("uid-1")
                    .withGeneration(1L)
                    .endMetadata()
                    .withNewSpec()
                    .withImage("ghcr.io/example/mcp:1")
                    .withPort(8080)
                    .withTargetName("github")
                    .withSubjectKey("user:abc")
                    .withSecretName("github-0123456789-env")
                    .withHealthPath("/health")
                    .endSpec()
                    .build();

    @Test
    void runsOneContainerOnTheNamedPortWithTheSecretAsEnvironment() {
        Pod pod = InstancePod.desired(BASE);

        assertThat(pod.getMetadata().getName()).isEqualTo("github-0123456789");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("reflow");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(pod.getSpec().getContainers()).hasSize(1);
        assertThat(container.getName()).isEqualTo("mcp");
        assertThat(container.getImage()).isEqualTo("ghcr.io/example/mcp:1");
        assertThat(container.getPorts().get(0).getName()).isEqualTo("mcp");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(container.getEnvFrom().get(0).getSecretRef().getName())
                .isEqualTo("github-0123456789-env");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
    }

    @Test
    void carriesContractLabelsAndAControllerReference() {
        Pod pod = InstancePod.desired(BASE);

        assertThat(pod.getMetadata().getLabels())
                .containsEntry(McpResources.LABEL_MANAGED_BY, "reflow-operator")
                .containsEntry(McpResources.LABEL_TARGET, "github")
                .containsEntry(McpResources.LABEL_INSTANCE, "github-0123456789")
                .containsEntry(
                        McpResources.LABEL_SUBJECT_HASH, McpResources.subjectHash("user:abc"));
        assertThat(pod.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        owner -> {
                            assertThat(owner.getController()).isTrue();
                            assertThat(owner.getUid()).isEqualTo("uid-1");
                            assertThat(owner.getKind()).isEqualTo("MCPInstance");
                        });
    }

    @Test
    void isRestrictedAndGetsNoServiceAccountToken() {
        Pod pod = InstancePod.desired(BASE);
        Container container = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
        assertThat(container.getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
    }

    @Test
    void probesReadinessOverHttpOnTheHealthPathAndLivenessOverTcp() {
        Container container = InstancePod.desired(BASE).getSpec().getContainers().get(0);

        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("mcp");
        assertThat(container.getLivenessProbe().getTcpSocket().getPort().getStrVal())
                .isEqualTo("mcp");
    }

    @Test
    void probesReadinessOverTcpWhenTheHealthPathIsEmpty() {
        MCPInstance noPath =
                new MCPInstanceBuilder(BASE).editSpec().withHealthPath("").endSpec().build();

        Container container = InstancePod.desired(noPath).getSpec().getContainers().get(0);

        assertThat(container.getReadinessProbe().getHttpGet()).isNull();
        assertThat(container.getReadinessProbe().getTcpSocket().getPort().getStrVal())
                .isEqualTo("mcp");
    }

    @Test
    void passesCommandArgsAndResources() {
        MCPInstance custom =
                new MCPInstanceBuilder(BASE)
                        .editSpec()
                        .withCommand(List.of("node"))
                        .withArgs(List.of("server.js", "--port", "8080"))
                        .withResources(
                                new ResourceRequirementsBuilder()
                                        .addToLimits("memory", new Quantity("256Mi"))
                                        .build())
                        .endSpec()
                        .build();

        Container container = InstancePod.desired(custom).getSpec().getContainers().get(0);

        assertThat(container.getCommand()).containsExactly("node");
        assertThat(container.getArgs()).containsExactly("server.js", "--port", "8080");
        assertThat(container.getResources().getLimits())
                .containsEntry("memory", new Quantity("256Mi"));
    }

    @Test
    void omitsEnvFromWithoutASecret() {
        MCPInstance noSecret =
                new MCPInstanceBuilder(BASE).editSpec().withSecretName(null).endSpec().build();

        assertThat(InstancePod.desired(noSecret).getSpec().getContainers().get(0).getEnvFrom())
                .isEmpty();
    }

    @Test
    void templateHashIsStableAndChangesWithImagePortResourcesCommandArgsAndSecretHash() {
        String base = InstancePod.templateHash(InstancePod.desired(BASE));

        assertThat(
                        InstancePod.templateHash(
                                InstancePod.desired(new MCPInstanceBuilder(BASE).build())))
                .isEqualTo(base);
        assertThat(
                        hash(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withImage("img:2")
                                        .endSpec()
                                        .build()))
                .isNotEqualTo(base);
        assertThat(hash(new MCPInstanceBuilder(BASE).editSpec().withPort(9000).endSpec().build()))
                .isNotEqualTo(base);
        assertThat(
                        hash(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withArgs(List.of("x"))
                                        .endSpec()
                                        .build()))
                .isNotEqualTo(base);
        assertThat(
                        hash(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withCommand(List.of("y"))
                                        .endSpec()
                                        .build()))
                .isNotEqualTo(base);
        assertThat(
                        hash(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withResources(
                                                new ResourceRequirementsBuilder()
                                                        .addToRequests("cpu", new Quantity("100m"))
                                                        .build())
                                        .endSpec()
                                        .build()))
                .isNotEqualTo(base);
        assertThat(
                        hash(
                                new MCPInstanceBuilder(BASE)
                                        .editMetadata()
                                        .addToAnnotations(
                                                McpResources.ANNOTATION_SECRET_HASH, "abc")
                                        .endMetadata()
                                        .build()))
                .isNotEqualTo(base);
    }

    @Test
    void templateHashIgnoresWhatDoesNotShapeThePod() {
        String base = hash(BASE);

        assertThat(
                        hash(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withIdleTTL("5m")
                                        .withMcpPath("/other")
                                        .endSpec()
                                        .editMetadata()
                                        .addToAnnotations(
                                                McpResources.ANNOTATION_LAST_ACTIVITY,
                                                "2026-01-01T00:00:00Z")
                                        .endMetadata()
                                        .build()))
                .isEqualTo(base);
    }

    private static String hash(MCPInstance instance) {
        return InstancePod.templateHash(InstancePod.desired(instance));
    }
}
