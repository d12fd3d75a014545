package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.McpProbe;
import io.reflow.testing.controlplane.ControlPlane;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart installed as a user installs it, with real Helm ({@code install}, {@code upgrade},
 * {@code uninstall}) against a real API server, into fresh namespaces; the operator and gateway
 * then run in this JVM with the tokens of the ServiceAccounts the chart created (TokenRequest),
 * never with admin credentials, and with the configuration the chart rendered. The instance
 * namespace enforces the restricted Pod Security Standard. Only the node is emulated.
 */
@RequiresControlPlane
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallControlPlaneTest {

    private static final String RELEASE = "reflow";
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private ControlPlane cluster;
    private KubernetesClient admin;
    private Path kubeconfig;
    private String releaseNamespace;
    private String instanceNamespace;
    private KubernetesClient operatorClient;
    private KubernetesClient gatewayClient;
    private Operator operator;
    private Gateway gateway;
    private String adminToken;

    @BeforeAll
    void install() {
        cluster = ControlPlane.shared();
        admin = cluster.admin();
        instanceNamespace = cluster.createRestrictedNamespace("helm-instances");
        releaseNamespace = "helm-system-" + instanceNamespace.substring("helm-instances-".length());
        kubeconfig = cluster.adminKubeconfig("default");
        cluster.node().serve(instanceNamespace);

        Release release =
                new Helm(Repository.chart())
                        .install()
                        .withName(RELEASE)
                        .withNamespace(releaseNamespace)
                        .createNamespace()
                        .withKubeConfig(kubeconfig)
                        .set("instanceNamespace", instanceNamespace)
                        .call();
        assertThat(release.getStatus()).isEqualTo("deployed");

        operatorClient = cluster.newClient(token("reflow-operator"));
        gatewayClient = cluster.newClient(token("reflow-gateway"));
        operator = Operator.start(operatorClient, operatorConfigAsDeployed());
        gateway = Gateway.start(gatewayConfigAsDeployed(), gatewayClient);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (gatewayClient != null) {
            gatewayClient.close();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
    }

    @Test
    @Order(1)
    void firstRequestGetsAnAdmittedPodWhoseServerAnswersThroughTheGateway() throws Exception {
        createTarget("everything");

        try (McpSyncClient client = McpProbe.client(mcpEndpoint("everything"), adminToken)) {
            client.initialize();
            assertThat(McpProbe.echo(client, "installed by helm"))
                    .isEqualTo("Echo: installed by helm");
        }

        List<MCPInstance> instances =
                admin.resources(MCPInstance.class).inNamespace(instanceNamespace).list().getItems();
        assertThat(instances).hasSize(1);
        Pod pod =
                admin.pods()
                        .inNamespace(instanceNamespace)
                        .withName(instances.get(0).getMetadata().getName())
                        .get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(ControlPlane.NODE_NAME);
        assertThat(pod.getMetadata().getOwnerReferences())
                .extracting(o -> o.getUid())
                .containsExactly(instances.get(0).getMetadata().getUid());
    }

    @Test
    @Order(2)
    void theServerRefusesTheGatewayWhatItsRoleDoesNotGrant() {
        assertThatThrownBy(() -> gatewayClient.secrets().inNamespace("kube-system").list())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403))
                .hasMessageContaining(
                        "system:serviceaccount:" + releaseNamespace + ":reflow-gateway");
        assertThatThrownBy(() -> operatorClient.pods().inNamespace(releaseNamespace).list())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
    }

    @Test
    @Order(3)
    void upgradeKeepsWhatRunsAndAppliesTheNewValues() throws Exception {
        String secretChecksumAtInstall = secretChecksum();
        Release upgraded =
                new Helm(Repository.chart())
                        .upgrade()
                        .withName(RELEASE)
                        .withNamespace(releaseNamespace)
                        .withKubeConfig(kubeconfig)
                        .set("instanceNamespace", instanceNamespace)
                        .set("gateway.replicas", "2")
                        .call();

        assertThat(upgraded.getStatus()).isEqualTo("deployed");
        assertThat(upgraded.getRevision()).isEqualTo("2");
        Deployment deployment =
                admin.apps()
                        .deployments()
                        .inNamespace(releaseNamespace)
                        .withName("reflow-gateway")
                        .get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        try (McpSyncClient client = McpProbe.client(mcpEndpoint("everything"), adminToken)) {
            client.initialize();
            assertThat(McpProbe.echo(client, "after upgrade")).isEqualTo("Echo: after upgrade");
        }
        // The Secret did not change, so the pods are not rolled for it; rotating a value does.
        assertThat(secretChecksum()).isEqualTo(secretChecksumAtInstall);
        admin.secrets()
                .inNamespace(releaseNamespace)
                .withName("reflow-gateway")
                .edit(
                        secret -> {
                            secret.getData()
                                    .put(
                                            "SESSION_KEY",
                                            Base64.getEncoder()
                                                    .encodeToString(
                                                            "rotated-session-key-0123456789abcdef"
                                                                    .getBytes(
                                                                            StandardCharsets
                                                                                    .UTF_8)));
                            return secret;
                        });
        new Helm(Repository.chart())
                .upgrade()
                .withName(RELEASE)
                .withNamespace(releaseNamespace)
                .withKubeConfig(kubeconfig)
                .set("instanceNamespace", instanceNamespace)
                .set("gateway.replicas", "2")
                .call();
        assertThat(secretChecksum()).isNotEqualTo(secretChecksumAtInstall);
    }

    /** The gateway Deployment's pod-template annotation that rolls pods on a Secret change. */
    private String secretChecksum() {
        return admin.apps()
                .deployments()
                .inNamespace(releaseNamespace)
                .withName("reflow-gateway")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/secret");
    }

    @Test
    @Order(4)
    void uninstallLeavesNoInstancePodServiceOrSecretBehind() {
        assertThat(
                        admin.resources(MCPInstance.class)
                                .inNamespace(instanceNamespace)
                                .list()
                                .getItems())
                .isNotEmpty();
        gateway.close();
        gateway = null;

        Helm.uninstall(RELEASE).withNamespace(releaseNamespace).withKubeConfig(kubeconfig).call();

        await().atMost(SETTLE)
                .untilAsserted(
                        () -> {
                            assertThat(
                                            admin.resources(MCPInstance.class)
                                                    .inNamespace(instanceNamespace)
                                                    .list()
                                                    .getItems())
                                    .isEmpty();
                            assertThat(
                                            admin.pods()
                                                    .inNamespace(instanceNamespace)
                                                    .list()
                                                    .getItems())
                                    .isEmpty();
                            assertThat(
                                            admin.services()
                                                    .inNamespace(instanceNamespace)
                                                    .list()
                                                    .getItems())
                                    .isEmpty();
                            assertThat(
                                            admin.secrets()
                                                    .inNamespace(instanceNamespace)
                                                    .list()
                                                    .getItems())
                                    .isEmpty();
                        });
    }

    private String token(String serviceAccount) {
        return cluster.serviceAccountToken(releaseNamespace, serviceAccount);
    }

    /** The operator's configuration from the environment the chart gives its container. */
    private OperatorConfig operatorConfigAsDeployed() {
        Deployment deployment =
                admin.apps()
                        .deployments()
                        .inNamespace(releaseNamespace)
                        .withName("reflow-operator")
                        .get();
        Map<String, String> env = new HashMap<>();
        for (EnvVar var :
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        env.put("POD_NAMESPACE", releaseNamespace);
        env.put("POD_NAME", "reflow-operator-0");
        return OperatorConfig.fromEnvironment(env);
    }

    /**
     * The gateway's configuration from the chart's ConfigMap and Secret, listening on a free
     * loopback port instead of the container's {@code 0.0.0.0:8080}.
     */
    private GatewayConfig gatewayConfigAsDeployed() {
        ConfigMap config =
                admin.configMaps().inNamespace(releaseNamespace).withName("reflow-gateway").get();
        Secret secret =
                admin.secrets().inNamespace(releaseNamespace).withName("reflow-gateway").get();
        Map<String, String> env = new HashMap<>();
        secret.getData()
                .forEach(
                        (key, value) ->
                                env.put(
                                        key,
                                        new String(
                                                Base64.getDecoder().decode(value),
                                                StandardCharsets.UTF_8)));
        adminToken = env.get("REFLOW_ADMIN_TOKEN");
        String yaml =
                config.getData()
                        .get("gateway.yaml")
                        .replace("host: 0.0.0.0", "host: 127.0.0.1")
                        .replace(
                                "port: 8080",
                                "port: " + io.reflow.testing.ReferenceMcpServer.freePort());
        return GatewayConfig.fromYaml(yaml, env);
    }

    private void createTarget(String name) throws Exception {
        String body =
                """
                {"name":"%s","transport_type":"kubernetes",
                 "image":"registry.invalid/reference-mcp-server:emulated","port":8080,
                 "isolation_boundary":"shared"}
                """
                        .formatted(name);
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(gateway.baseUri().resolve("/api/targets"))
                                        .header("Authorization", "Bearer " + adminToken)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private URI mcpEndpoint(String target) {
        return gateway.baseUri().resolve("/mcp/" + target);
    }
}
