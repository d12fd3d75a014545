package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.controlplane.RequiresControlPlane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input never wedges the loop: missing Secrets, what the API server's schema rejects and what
 * it stores but the operator cannot run, images that cannot start, fields this version does not
 * know. The test plays the kubelet.
 */
@RequiresControlPlane
class BadInputControlPlaneTest {

    private static final ResourceDefinitionContext MCP_INSTANCES =
            new ResourceDefinitionContext.Builder()
                    .withGroup("mcp.reflow.io")
                    .withVersion("v1alpha1")
                    .withKind("MCPInstance")
                    .withPlural("mcpinstances")
                    .withNamespaced(true)
                    .build();

    private EmbeddedCluster cluster;
    private Operator operator;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        operator = Operator.start(cluster.client(), OperatorConfig.defaults(cluster.namespace()));
        await().until(operator::isReady);
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
    }

    @Test
    void missingSecretWaitsNamingItThenRecoversWhenTheGatewayWritesIt() {
        MCPInstance base = EmbeddedCluster.instance("github", "alice");
        String name = base.getMetadata().getName();
        MCPInstance instance =
                new MCPInstanceBuilder(base)
                        .editSpec()
                        .withSecretName(McpResources.secretName(name))
                        .endSpec()
                        .build();
        MCPInstance created = cluster.create(instance);

        await().untilAsserted(
                        () -> {
                            MCPInstanceStatus status = cluster.get(name).getStatus();
                            assertThat(status.getPhase()).isEqualTo(InstancePhase.Pending);
                            assertThat(status.getMessage()).contains(name + "-env");
                            assertThat(status.getConditions().get(0).getReason())
                                    .isEqualTo("SecretNotFound");
                        });
        assertThat(cluster.pod(name)).isNull();

        cluster.createSecretOwnedBy(created);

        await().untilAsserted(
                        () -> {
                            assertThat(cluster.pod(name)).isNotNull();
                            assertThat(cluster.get(name).getStatus().getPhase())
                                    .isEqualTo(InstancePhase.Starting);
                        });
    }

    @Test
    void apiServerRejectsAnOutOfRangePortNamingTheField() {
        MCPInstance invalid =
                new MCPInstanceBuilder(EmbeddedCluster.instance("github", "bob"))
                        .editSpec()
                        .withPort(70000)
                        .endSpec()
                        .build();

        assertThatThrownBy(() -> cluster.create(invalid))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("spec.port");
    }

    @Test
    void nameTheServerStoresButNoServiceCanTakeFailsNamingTheFieldAndTheLoopKeepsWorking() {
        // A DNS-1123 subdomain (all a custom resource name must be, and starting with its target
        // name as the CRD requires) but no DNS-1035 label: the Service of the same name would be
        // refused, so the operator refuses the instance.
        MCPInstance invalid = EmbeddedCluster.instance("9github", "bob");
        String invalidName = cluster.create(invalid).getMetadata().getName();
        String validName =
                cluster.create(EmbeddedCluster.instance("github", "carol")).getMetadata().getName();

        await().untilAsserted(
                        () -> {
                            MCPInstanceStatus status = cluster.get(invalidName).getStatus();
                            assertThat(status.getPhase()).isEqualTo(InstancePhase.Failed);
                            assertThat(status.getMessage()).startsWith("metadata.name");
                            assertThat(status.getConditions().get(0).getReason())
                                    .isEqualTo("InvalidSpec");
                        });
        await().until(() -> cluster.pod(validName) != null);
        assertThat(cluster.pod(invalidName)).isNull();
        assertThat(cluster.service(invalidName)).isNull();
    }

    @Test
    void imagePullErrorShowsInPhaseAndMessage() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "dave")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);

        cluster.markContainerWaiting(name, "ImagePullBackOff", "Back-off pulling image");

        await().untilAsserted(
                        () -> {
                            MCPInstanceStatus status = cluster.get(name).getStatus();
                            assertThat(status.getPhase()).isEqualTo(InstancePhase.Failed);
                            assertThat(status.getMessage())
                                    .contains("ImagePullBackOff")
                                    .contains("Back-off pulling image");
                        });
    }

    @Test
    void crashLoopShowsInPhaseAndClearsWhenThePodBecomesReady() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "erin")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);

        cluster.markContainerWaiting(name, "CrashLoopBackOff", "back-off restarting container");
        await().until(() -> cluster.get(name).getStatus().getPhase() == InstancePhase.Failed);
        cluster.markPodReady(name);

        await().until(() -> cluster.get(name).getStatus().getPhase() == InstancePhase.Ready);
    }

    @Test
    void unknownFieldInAStoredInstanceStillReconciles() {
        String name = EmbeddedCluster.instance("github", "frank").getMetadata().getName();
        String json =
                """
                {"apiVersion":"mcp.reflow.io/v1alpha1","kind":"MCPInstance",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"image":"ghcr.io/example/mcp-server:1.0","port":8080,
                         "targetName":"github","subjectKey":"user:frank",
                         "futureField":{"nested":true}},
                 "futureTopLevel":"x"}
                """
                        .formatted(name, cluster.namespace());
        cluster.client()
                .genericKubernetesResources(MCP_INSTANCES)
                .inNamespace(cluster.namespace())
                .resource(Serialization.unmarshal(json, GenericKubernetesResource.class))
                .create();

        await().until(() -> cluster.pod(name) != null);
        String second =
                cluster.create(EmbeddedCluster.instance("github", "grace")).getMetadata().getName();
        await().until(() -> cluster.pod(second) != null);
        // The Pod is created before the status write: wait for the status, not only the Pod.
        await().untilAsserted(
                        () ->
                                assertThat(cluster.get(name).getStatus())
                                        .isNotNull()
                                        .extracting(s -> s.getPhase())
                                        .isEqualTo(InstancePhase.Starting));
    }
}
