package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.controlplane.RequiresControlPlane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Create, ready and heal against the real API server, which allocates each Service's ClusterIP; the
 * test plays the kubelet (Pod status).
 */
@RequiresControlPlane
class ReconcileControlPlaneTest {

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
    void createsPodServiceOwnerReferencesAndStatusForANewInstance() {
        MCPInstance created = cluster.create(EmbeddedCluster.instance("github", "alice"));
        String name = created.getMetadata().getName();

        await().untilAsserted(
                        () -> {
                            assertThat(cluster.pod(name)).isNotNull();
                            assertThat(cluster.service(name)).isNotNull();
                            assertThat(cluster.get(name).getStatus()).isNotNull();
                        });

        Pod pod = cluster.pod(name);
        assertThat(pod.getMetadata().getLabels())
                .containsEntry(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_OPERATOR)
                .containsEntry(McpResources.LABEL_INSTANCE, name)
                .containsEntry(McpResources.LABEL_TARGET, "github");
        assertControllerReference(pod.getMetadata().getOwnerReferences().get(0), created);
        Service service = cluster.service(name);
        assertControllerReference(service.getMetadata().getOwnerReferences().get(0), created);
        assertThat(service.getSpec().getSelector())
                .containsExactly(java.util.Map.entry(McpResources.LABEL_INSTANCE, name));
        MCPInstance stored = cluster.get(name);
        assertThat(stored.getStatus().getPhase()).isEqualTo(InstancePhase.Starting);
        assertThat(stored.getStatus().getPodName()).isEqualTo(name);
        assertThat(stored.getStatus().getServiceName()).isEqualTo(name);
        assertThat(stored.getStatus().getObservedGeneration())
                .isEqualTo(stored.getMetadata().getGeneration());
        assertThat(stored.getStatus().getConditions())
                .anySatisfy(
                        c -> {
                            assertThat(c.getType()).isEqualTo("Ready");
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("PodStarting");
                        });
    }

    @Test
    void readyPodMakesInstanceReadyWithClusterIpEndpoint() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "bob")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null && cluster.service(name) != null);

        String clusterIp = cluster.service(name).getSpec().getClusterIP();
        assertThat(clusterIp).isNotBlank();
        cluster.markPodReady(name);

        await().untilAsserted(
                        () -> {
                            MCPInstance stored = cluster.get(name);
                            assertThat(stored.getStatus().getPhase())
                                    .isEqualTo(InstancePhase.Ready);
                            assertThat(stored.getStatus().getEndpoint())
                                    .isEqualTo("http://" + clusterIp + ":8080");
                            assertThat(stored.getStatus().getStartedAt()).isNotNull();
                            assertThat(stored.getStatus().getConditions().get(0).getStatus())
                                    .isEqualTo("True");
                        });
    }

    @Test
    void recreatesDeletedPod() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "carol")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);
        String firstUid = cluster.pod(name).getMetadata().getUid();

        cluster.client().pods().inNamespace(cluster.namespace()).withName(name).delete();

        await().until(
                        () ->
                                cluster.pod(name) != null
                                        && !cluster.pod(name)
                                                .getMetadata()
                                                .getUid()
                                                .equals(firstUid));
    }

    @Test
    void recreatesFailedPod() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "erin")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);
        String firstUid = cluster.pod(name).getMetadata().getUid();

        cluster.markPodFailed(name);

        await().until(
                        () ->
                                cluster.pod(name) != null
                                        && !cluster.pod(name)
                                                .getMetadata()
                                                .getUid()
                                                .equals(firstUid));
    }

    @Test
    void recreatesDeletedService() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "dave")).getMetadata().getName();
        await().until(() -> cluster.service(name) != null);
        String firstUid = cluster.service(name).getMetadata().getUid();

        cluster.client().services().inNamespace(cluster.namespace()).withName(name).delete();

        await().until(
                        () ->
                                cluster.service(name) != null
                                        && !cluster.service(name)
                                                .getMetadata()
                                                .getUid()
                                                .equals(firstUid));
    }

    @Test
    void replacesPodWhenImageChanges() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "frank")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);

        cluster.edit(
                name,
                i ->
                        new MCPInstanceBuilder(i)
                                .editSpec()
                                .withImage("ghcr.io/example/mcp-server:2.0")
                                .endSpec()
                                .build());

        await().untilAsserted(
                        () ->
                                assertThat(
                                                cluster.pod(name)
                                                        .getSpec()
                                                        .getContainers()
                                                        .get(0)
                                                        .getImage())
                                        .isEqualTo("ghcr.io/example/mcp-server:2.0"));
    }

    @Test
    void changedPortReplacesPodAndUpdatesService() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "port")).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null && cluster.service(name) != null);

        cluster.edit(
                name, i -> new MCPInstanceBuilder(i).editSpec().withPort(9090).endSpec().build());

        await().untilAsserted(
                        () -> {
                            assertThat(
                                            cluster.pod(name)
                                                    .getSpec()
                                                    .getContainers()
                                                    .get(0)
                                                    .getPorts()
                                                    .get(0)
                                                    .getContainerPort())
                                    .isEqualTo(9090);
                            assertThat(cluster.service(name).getSpec().getPorts().get(0).getPort())
                                    .isEqualTo(9090);
                        });
    }

    @Test
    void replacesPodWhenSecretHashChanges() {
        MCPInstance base = EmbeddedCluster.instance("github", "grace");
        String name = base.getMetadata().getName();
        MCPInstance instance =
                new MCPInstanceBuilder(base)
                        .editMetadata()
                        .addToAnnotations(McpResources.ANNOTATION_SECRET_HASH, "aaaa")
                        .endMetadata()
                        .editSpec()
                        .withSecretName(McpResources.secretName(name))
                        .endSpec()
                        .build();
        cluster.createSecretOwnedBy(cluster.create(instance));
        await().until(() -> cluster.pod(name) != null);
        String firstHash =
                cluster.pod(name)
                        .getMetadata()
                        .getAnnotations()
                        .get(McpResources.ANNOTATION_POD_TEMPLATE_HASH);
        String firstUid = cluster.pod(name).getMetadata().getUid();

        cluster.edit(
                name,
                i ->
                        new MCPInstanceBuilder(i)
                                .editMetadata()
                                .addToAnnotations(McpResources.ANNOTATION_SECRET_HASH, "bbbb")
                                .endMetadata()
                                .build());

        await().untilAsserted(
                        () -> {
                            Pod pod = cluster.pod(name);
                            assertThat(pod).isNotNull();
                            assertThat(pod.getMetadata().getUid()).isNotEqualTo(firstUid);
                            assertThat(
                                            pod.getMetadata()
                                                    .getAnnotations()
                                                    .get(McpResources.ANNOTATION_POD_TEMPLATE_HASH))
                                    .isNotEqualTo(firstHash);
                        });
    }

    @Test
    void mountsTheSecretTheGatewayMadeForTheInstanceAndLeavesItUntouched() {
        MCPInstance base = EmbeddedCluster.instance("github", "heidi");
        String name = base.getMetadata().getName();
        MCPInstance created =
                cluster.create(
                        new MCPInstanceBuilder(base)
                                .editSpec()
                                .withSecretName(McpResources.secretName(name))
                                .endSpec()
                                .build());
        String version = cluster.createSecretOwnedBy(created).getMetadata().getResourceVersion();

        await().until(() -> cluster.pod(name) != null);

        assertThat(
                        cluster.pod(name)
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getEnvFrom()
                                .get(0)
                                .getSecretRef()
                                .getName())
                .isEqualTo(name + "-env");
        assertThat(cluster.secret(name + "-env").getMetadata().getResourceVersion())
                .as("the operator never writes the Secret")
                .isEqualTo(version);
    }

    @Test
    void writesStatusOnlyWhenItChanges() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "ivan")).getMetadata().getName();
        await().until(
                        () ->
                                cluster.get(name).getStatus() != null
                                        && cluster.get(name).getStatus().getPhase()
                                                == InstancePhase.Starting);
        String version = cluster.get(name).getMetadata().getResourceVersion();
        // Counted before the edit: its reconcile may finish before the next line runs.
        long before = operator.reconcileCount();

        cluster.client()
                .pods()
                .inNamespace(cluster.namespace())
                .withName(name)
                .edit(
                        p -> {
                            p.getMetadata().getLabels().put("unrelated", "touch");
                            return p;
                        });
        await().until(() -> operator.reconcileCount() > before);

        assertThat(cluster.get(name).getMetadata().getResourceVersion()).isEqualTo(version);
    }

    private static void assertControllerReference(OwnerReference owner, MCPInstance instance) {
        assertThat(owner.getKind()).isEqualTo("MCPInstance");
        assertThat(owner.getApiVersion()).isEqualTo("mcp.reflow.io/v1alpha1");
        assertThat(owner.getName()).isEqualTo(instance.getMetadata().getName());
        assertThat(owner.getUid()).isEqualTo(instance.getMetadata().getUid());
        assertThat(owner.getController()).isTrue();
    }
}
