package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.cluster.LoopbackForwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API server faults, activity and clean-up against the embedded API server. The gateway reaches the
 * API server through a {@link LoopbackForwarder} so a test can cut and restore the network path;
 * {@link OperatorStandIn} emulates operator, kubelet and kube-proxy with its own direct client.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesTransportFaultsMockTest {

    private static final String NS = KubernetesTransportMockTest.NS;
    private static final Identity ALICE = KubernetesTransportMockTest.ALICE;
    private static final Identity BOB = KubernetesTransportMockTest.BOB;

    KubernetesMockServer server;
    KubernetesClient client;

    private final MemoryTargetStore store = new MemoryTargetStore();
    private LoopbackForwarder apiPath;
    private KubernetesClient gatewayClient;
    private KubernetesTransport transport;
    private OperatorStandIn operator;

    @BeforeEach
    void start() {
        Crds.install(client);
        operator = OperatorStandIn.start(client, NS);
        apiPath = forward(portOutsideEphemeralRange(), apiServer());
        gatewayClient =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder()
                                        .withMasterUrl(
                                                "http://127.0.0.1:" + apiPath.address().getPort())
                                        .withNamespace(NS)
                                        .withRequestRetryBackoffLimit(2)
                                        .withRequestRetryBackoffInterval(100)
                                        .withWatchReconnectInterval(200)
                                        .build())
                        .build();
        KubernetesConfig config =
                new KubernetesConfig(
                        true,
                        NS,
                        "",
                        Duration.ofSeconds(4),
                        Duration.ofHours(24),
                        Duration.ofMinutes(1),
                        100,
                        Duration.ofSeconds(30));
        transport = KubernetesTransport.start(config, gatewayClient, store);
        await().atMost(Duration.ofSeconds(10)).until(transport::isReady);
        store.create(KubernetesTransportMockTest.target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        gatewayClient.close();
        apiPath.close();
        operator.close();
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up), so that no outgoing connection
     * takes it as its local port while the test has cut the API path and rebinds it later.
     */
    private static int portOutsideEphemeralRange() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // Try another one.
            }
        }
        throw new IllegalStateException("no free port in 20000-32000");
    }

    private static LoopbackForwarder forward(int port, InetSocketAddress target) {
        return LoopbackForwarder.start(
                new InetSocketAddress("127.0.0.1", 0).getAddress(),
                port,
                () -> Optional.of(target));
    }

    private InetSocketAddress apiServer() {
        return new InetSocketAddress("127.0.0.1", server.getPort());
    }

    private Upstream resolve(Identity identity) {
        return transport.resolver().resolve(store.find("github").orElseThrow(), identity);
    }

    private List<Secret> instanceSecrets() {
        return client.secrets()
                .inNamespace(NS)
                .withLabel(McpResources.LABEL_INSTANCE)
                .list()
                .getItems();
    }

    @Test
    void unreachableApiServerGives503ThenRecoversWithoutRestart() {
        Upstream warm = resolve(ALICE);
        int port = apiPath.address().getPort();
        apiPath.close();

        assertThatThrownBy(() -> resolve(BOB))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(503);
                            assertThat(e.retryAfter()).isPositive();
                        })
                .hasMessageContaining("Kubernetes API server is unavailable");
        assertThat(resolve(ALICE).mcpEndpoint())
                .as("a Ready instance keeps serving from the informer cache")
                .isEqualTo(warm.mcpEndpoint());

        apiPath = forward(port, apiServer());
        Upstream recovered = resolve(BOB);

        assertThat(McpProbe.toolNames(recovered.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void movedEndpointIsPickedUpByTheNextRequest() {
        Upstream before = resolve(ALICE);
        String oldHost = before.mcpEndpoint().getHost();

        operator.moveEndpoint(instanceName(ALICE));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !resolve(ALICE).mcpEndpoint().getHost().equals(oldHost));

        assertThat(McpProbe.toolNames(resolve(ALICE).mcpEndpoint())).isNotEmpty();
    }

    @Test
    void forbiddenInstanceCreateNamesThePermissionAndLeavesNoSecret() {
        server.expect()
                .post()
                .withPath("/apis/mcp.reflow.io/v1alpha1/namespaces/" + NS + "/mcpinstances")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("mcpinstances is forbidden")
                                .build())
                .once();

        assertThatThrownBy(() -> resolve(ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("permission to create mcpinstances in namespace " + NS);
        assertThat(instanceSecrets()).isEmpty();
        assertThat(McpProbe.toolNames(resolve(ALICE).mcpEndpoint())).isNotEmpty();
    }

    @Test
    void activityIsRecordedAtMostOncePerHeartbeatInterval() throws Exception {
        Upstream upstream = resolve(ALICE);
        String name = instanceName(ALICE);
        // Let the heartbeat interval (1 s for a 4 s idle TTL) of the resolve's own touch pass.
        Thread.sleep(1100);
        drainRequests();

        for (int i = 0; i < 200; i++) {
            upstream.activity().run();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> activityPatches(name) == 1);
        Thread.sleep(300);

        assertThat(activityPatches(name)).as("200 requests within one interval").isEqualTo(1);
        MCPInstance instance =
                client.resources(MCPInstance.class).inNamespace(NS).withName(name).get();
        assertThat(
                        Instant.parse(
                                instance.getMetadata()
                                        .getAnnotations()
                                        .get(McpResources.ANNOTATION_LAST_ACTIVITY)))
                .isAfter(Instant.now().minusSeconds(5));
        assertThat(instance.getStatus().getPhase())
                .as("the patch touches metadata, never status")
                .isNotNull();
    }

    private String instanceName(Identity identity) {
        return McpResources.instanceName(
                "github", SubjectKeys.of(store.find("github").orElseThrow(), identity));
    }

    /** What the API server received. */
    private record Seen(String method, String path) {}

    private final List<Seen> requests = new ArrayList<>();

    private void drainRequests() throws InterruptedException {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // Forget everything before the interesting part.
        }
        requests.clear();
    }

    private int activityPatches(String name) throws InterruptedException {
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(new Seen(request.getMethod(), request.getPath()));
        }
        return (int)
                requests.stream()
                        .filter(r -> "PATCH".equals(r.method()))
                        // The only writes to this instance in the window are activity patches.
                        .filter(r -> r.path().endsWith("/mcpinstances/" + name))
                        .count();
    }

    @Test
    void forbiddenSecretCreateNamesThePermissionAndLeavesNoInstance() {
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/" + NS + "/secrets")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("secrets is forbidden")
                                .build())
                .once();

        assertThatThrownBy(() -> resolve(ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("permission to create secrets in namespace " + NS);
        await().until(
                        () ->
                                client.resources(MCPInstance.class)
                                        .inNamespace(NS)
                                        .list()
                                        .getItems()
                                        .isEmpty());
        assertThat(McpProbe.toolNames(resolve(ALICE).mcpEndpoint())).isNotEmpty();
        assertThat(instanceSecrets()).hasSize(1);
    }
}
