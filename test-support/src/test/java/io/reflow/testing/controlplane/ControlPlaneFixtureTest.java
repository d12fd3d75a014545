package io.reflow.testing.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test cluster itself: a real API server, scheduler and garbage collector judge what the node
 * stand-in and the tests do. Only the node (kubelet, container runtime, kube-proxy) is emulated.
 */
@RequiresControlPlane
class ControlPlaneFixtureTest {

    private static ControlPlane cluster;
    private static KubernetesClient admin;

    @BeforeAll
    static void startCluster() {
        cluster = ControlPlane.shared();
        admin = cluster.admin();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }

    @Test
    void scheduledPodRunsItsServerWithItsSecretAndItsServiceClusterIpReachesIt() {
        String namespace = cluster.createRestrictedNamespace("fixture-pod");
        cluster.node().serve(namespace);
        admin.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("env")
                                .endMetadata()
                                .addToStringData("GREETING", "hello from the secret")
                                .build())
                .create();
        admin.pods().inNamespace(namespace).resource(restrictedPod("server", "env")).create();
        Service service =
                admin.services()
                        .inNamespace(namespace)
                        .resource(
                                new ServiceBuilder()
                                        .withNewMetadata()
                                        .withName("server")
                                        .endMetadata()
                                        .withNewSpec()
                                        .addToSelector("app", "server")
                                        .addNewPort()
                                        .withPort(8080)
                                        .endPort()
                                        .endSpec()
                                        .build())
                        .create();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> isReady(admin.pods().inNamespace(namespace).withName("server").get()));
        Pod pod = admin.pods().inNamespace(namespace).withName("server").get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(ControlPlane.NODE_NAME);
        String clusterIp = service.getSpec().getClusterIP();
        assertThat(clusterIp).startsWith(cluster.serviceCidr().substring(0, 7));

        String url = "http://" + clusterIp + ":8080";
        McpSyncClient client =
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> connect(url), java.util.Objects::nonNull);
        try (client) {
            McpSchema.CallToolResult result =
                    client.callTool(McpSchema.CallToolRequest.builder("get-env").build());
            assertThat(result.content().toString()).contains("hello from the secret");
        }
    }

    @Test
    void garbageCollectorDeletesWhatADeletedOwnerOwned() {
        String namespace = cluster.createNamespace("fixture-gc", Map.of());
        ConfigMap owner =
                admin.configMaps()
                        .inNamespace(namespace)
                        .resource(
                                new ConfigMapBuilder()
                                        .withNewMetadata()
                                        .withName("owner")
                                        .endMetadata()
                                        .build())
                        .create();
        admin.configMaps()
                .inNamespace(namespace)
                .resource(
                        new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("owned")
                                .addNewOwnerReference()
                                .withApiVersion("v1")
                                .withKind("ConfigMap")
                                .withName("owner")
                                .withUid(owner.getMetadata().getUid())
                                .endOwnerReference()
                                .endMetadata()
                                .build())
                .create();

        admin.configMaps().inNamespace(namespace).withName("owner").delete();

        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                admin.configMaps().inNamespace(namespace).withName("owned").get()
                                        == null);
    }

    @Test
    void rbacRefusesAServiceAccountWithoutRights() {
        String namespace = cluster.createNamespace("fixture-rbac", Map.of());
        admin.serviceAccounts()
                .inNamespace(namespace)
                .resource(
                        new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName("nobody")
                                .endMetadata()
                                .build())
                .create();
        String token = cluster.serviceAccountToken(namespace, "nobody");

        try (KubernetesClient nobody = cluster.newClient(token)) {
            assertThatThrownBy(() -> nobody.secrets().inNamespace(namespace).list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("system:serviceaccount:" + namespace + ":nobody");
        }
    }

    @Test
    void podSecurityRefusesAPrivilegedPodInARestrictedNamespace() {
        String namespace = cluster.createRestrictedNamespace("fixture-psa");
        Pod privileged =
                new PodBuilder(restrictedPod("root", null))
                        .editSpec()
                        .editFirstContainer()
                        .withSecurityContext(null)
                        .endContainer()
                        .endSpec()
                        .build();

        assertThatThrownBy(() -> admin.pods().inNamespace(namespace).resource(privileged).create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403))
                .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
    }

    /** A Pod the restricted Pod Security Standard admits, optionally with an envFrom Secret. */
    static Pod restrictedPod(String name, String secret) {
        PodBuilder pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("app", name)
                        .endMetadata()
                        .withNewSpec()
                        .withAutomountServiceAccountToken(false)
                        .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(65532L)
                        .withNewSeccompProfile()
                        .withType("RuntimeDefault")
                        .endSeccompProfile()
                        .endSecurityContext()
                        .addNewContainer()
                        .withName("mcp")
                        .withImage("registry.invalid/reference-mcp-server:emulated")
                        .addNewPort()
                        .withContainerPort(8080)
                        .endPort()
                        .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .addToDrop("ALL")
                        .endCapabilities()
                        .endSecurityContext()
                        .endContainer()
                        .endSpec();
        if (secret != null) {
            pod.editSpec()
                    .editFirstContainer()
                    .addNewEnvFrom()
                    .withNewSecretRef()
                    .withName(secret)
                    .endSecretRef()
                    .endEnvFrom()
                    .endContainer()
                    .endSpec();
        }
        return pod.build();
    }

    private static boolean isReady(Pod pod) {
        return pod != null
                && pod.getStatus() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static McpSyncClient connect(String url) {
        McpSyncClient client =
                McpClient.sync(
                                HttpClientStreamableHttpTransport.builder(url)
                                        .endpoint("/mcp")
                                        .build())
                        .requestTimeout(Duration.ofSeconds(10))
                        .build();
        try {
            client.initialize();
            return client;
        } catch (RuntimeException notYet) {
            client.close();
            return null;
        }
    }
}
