package io.reflow.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kubelet stand-in against the embedded API server: it emulates the kubelet, ClusterIP
 * allocation and kube-proxy, and is checked here with real reference MCP servers.
 */
@EnableKubernetesMockClient(crud = true)
class KubeletStandInMockTest {

    private static final String NS = "test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KubernetesClient client;
    private KubeletStandIn kubelet;

    @AfterEach
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void runsPodServerWithEnvAndSecretReachableThroughServiceClusterIp() {
        kubelet = KubeletStandIn.start(client, NS);
        client.secrets()
                .inNamespace(NS)
                .resource(secret("alpha-env", "API_KEY", "s3cr3t"))
                .create();
        client.pods().inNamespace(NS).resource(pod("alpha", "alpha-env")).create();
        client.services().inNamespace(NS).resource(service("alpha", 8080)).create();

        await().atMost(WAIT).until(() -> isReady(podNamed("alpha")));
        Pod pod = podNamed("alpha");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
        assertThat(pod.getStatus().getContainerStatuses()).allMatch(c -> c.getReady());

        String clusterIp = awaitClusterIp("alpha");
        assertThat(clusterIp).startsWith("127.0.").isNotEqualTo("127.0.0.1");
        String env = McpProbe.environmentAt("http://" + clusterIp + ":8080");
        assertThat(env).contains("\"API_KEY\": \"s3cr3t\"").contains("\"PLAIN\": \"literal\"");
        assertThat(kubelet.runningServers()).isEqualTo(1);
    }

    @Test
    void givesEveryServiceItsOwnClusterIpOnTheSamePort() {
        kubelet = KubeletStandIn.startSharingOneServer(client, NS);
        client.services().inNamespace(NS).resource(service("one", 8080)).create();
        client.services().inNamespace(NS).resource(service("two", 8080)).create();

        assertThat(awaitClusterIp("one")).isNotEqualTo(awaitClusterIp("two"));
    }

    @Test
    void leavesPodPendingWithCreateContainerConfigErrorUntilSecretExists() {
        kubelet = KubeletStandIn.startSharingOneServer(client, NS);
        client.pods().inNamespace(NS).resource(pod("beta", "beta-env")).create();

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(waitingReason(podNamed("beta")))
                                        .isEqualTo("CreateContainerConfigError"));
        assertThat(podNamed("beta").getStatus().getPhase()).isEqualTo("Pending");
        assertThat(kubelet.runningServers()).isZero();

        client.secrets().inNamespace(NS).resource(secret("beta-env", "K", "v")).create();
        await().atMost(WAIT).until(() -> isReady(podNamed("beta")));
    }

    @Test
    void stopsServerWhenPodIsDeleted() {
        kubelet = KubeletStandIn.start(client, NS);
        client.secrets().inNamespace(NS).resource(secret("gamma-env", "K", "v")).create();
        client.pods().inNamespace(NS).resource(pod("gamma", "gamma-env")).create();
        await().atMost(WAIT).until(() -> kubelet.runningServers() == 1);

        client.pods().inNamespace(NS).withName("gamma").delete();

        await().atMost(WAIT).until(() -> kubelet.runningServers() == 0);
    }

    @Test
    void killedServerFailsPodAndServiceStopsAnswering() {
        kubelet = KubeletStandIn.start(client, NS);
        client.secrets().inNamespace(NS).resource(secret("delta-env", "K", "v")).create();
        client.pods().inNamespace(NS).resource(pod("delta", "delta-env")).create();
        client.services().inNamespace(NS).resource(service("delta", 8080)).create();
        await().atMost(WAIT).until(() -> isReady(podNamed("delta")));
        String clusterIp = awaitClusterIp("delta");

        kubelet.killServer("delta");

        await().atMost(WAIT).until(() -> "Failed".equals(podNamed("delta").getStatus().getPhase()));
        assertThat(isReady(podNamed("delta"))).isFalse();
        assertThat(kubelet.runningServers()).isZero();
        assertThat(answers(clusterIp, 8080)).isFalse();
        assertThatThrownBy(() -> kubelet.killServer("delta")).hasMessageContaining("podName");
    }

    @Test
    void sharedServerModeRunsOneProcessForAllPods() {
        kubelet = KubeletStandIn.startSharingOneServer(client, NS);
        client.secrets().inNamespace(NS).resource(secret("e-env", "K", "v")).create();
        client.pods().inNamespace(NS).resource(pod("e1", "e-env")).create();
        client.pods().inNamespace(NS).resource(pod("e2", "e-env")).create();
        client.services().inNamespace(NS).resource(service("e1", 9000)).create();

        await().atMost(WAIT).until(() -> isReady(podNamed("e1")) && isReady(podNamed("e2")));
        assertThat(kubelet.runningPods()).containsExactlyInAnyOrder("e1", "e2");
        assertThat(McpProbe.environmentAt("http://" + awaitClusterIp("e1") + ":9000"))
                .contains("PATH");
    }

    private Pod podNamed(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private String awaitClusterIp(String service) {
        await().atMost(WAIT)
                .until(
                        () -> {
                            Service s = client.services().inNamespace(NS).withName(service).get();
                            return s.getSpec().getClusterIP() != null;
                        });
        return client.services().inNamespace(NS).withName(service).get().getSpec().getClusterIP();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String waitingReason(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        var state = pod.getStatus().getContainerStatuses().get(0).getState();
        return state.getWaiting() == null ? null : state.getWaiting().getReason();
    }

    /** Whether an HTTP request to {@code ip:port} gets any bytes back. */
    private static boolean answers(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream()
                    .write(
                            "GET /mcp HTTP/1.1\r\nHost: x\r\n\r\n"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return socket.getInputStream().read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Secret secret(String name, String key, String value) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(Map.of(key, value))
                .build();
    }

    static Pod pod(String name, String secretName) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("mcp")
                .withImage("irrelevant:latest")
                .addNewEnv()
                .withName("PLAIN")
                .withValue("literal")
                .endEnv()
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName(secretName)
                .endSecretRef()
                .endEnvFrom()
                .endContainer()
                .endSpec()
                .build();
    }

    static Service service(String name, int port) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", name))
                .addNewPort()
                .withPort(port)
                .endPort()
                .endSpec()
                .build();
    }
}
