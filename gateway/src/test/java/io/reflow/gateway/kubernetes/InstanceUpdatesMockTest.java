package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes that reach running instances: new credentials (a new Secret and hash, and no request
 * routed to the Pod being replaced) and target updates. {@link OperatorStandIn} emulates operator,
 * kubelet and kube-proxy against the embedded API server.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class InstanceUpdatesMockTest {

    private static final String NS = KubernetesTransportMockTest.NS;
    private static final Identity ALICE = KubernetesTransportMockTest.ALICE;
    private static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    KubernetesClient client;

    private final MemoryTargetStore store = new MemoryTargetStore();
    private KubernetesTransport transport;
    private OperatorStandIn operator;

    @BeforeEach
    void start() {
        Crds.install(client);
        operator = OperatorStandIn.start(client, NS);
        transport =
                KubernetesTransport.start(
                        KubernetesTransportMockTest.config(100, Duration.ofSeconds(20)),
                        client,
                        store);
        await().atMost(Duration.ofSeconds(10)).until(transport::isReady);
        store.create(KubernetesTransportMockTest.target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        operator.close();
    }

    private Upstream resolve(String target, Identity identity) {
        return transport.resolver().resolve(store.find(target).orElseThrow(), identity);
    }

    private List<MCPInstance> instances() {
        return client.resources(MCPInstance.class).inNamespace(NS).list().getItems();
    }

    @Test
    void credentialChangeRewritesTheSecretAndTheHashThatRollsThePod() {
        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "old"));
        resolve("github", ALICE);
        String name = instances().get(0).getMetadata().getName();

        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "new"));
        transport
                .lifecycle()
                .envChanged(store.find("github").orElseThrow(), EnvScope.user("alice"));
        Upstream upstream = resolve("github", ALICE);

        Secret secret = client.secrets().inNamespace(NS).withName(name + "-env").get();
        assertThat(InstanceSecrets.decode(secret)).containsExactly(Map.entry("TOKEN", "new"));
        assertThat(instances().get(0).getMetadata().getAnnotations())
                .containsEntry(
                        McpResources.ANNOTATION_SECRET_HASH,
                        InstanceSecrets.contentHash(Map.of("TOKEN", "new")));
        assertThat(instances()).hasSize(1);
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void afterACredentialChangeRequestsWaitUntilTheInstanceReportsTheNewCredentials()
            throws Exception {
        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "old"));
        resolve("github", ALICE);
        String name = instances().get(0).getMetadata().getName();
        String newHash = InstanceSecrets.contentHash(Map.of("TOKEN", "new"));
        operator.autoReady(false); // the status keeps describing the Pod with the old credentials

        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "new"));
        var request = CompletableFuture.supplyAsync(() -> resolve("github", ALICE), VIRTUAL);

        await().until(
                        () ->
                                newHash.equals(
                                        instances()
                                                .get(0)
                                                .getMetadata()
                                                .getAnnotations()
                                                .get(McpResources.ANNOTATION_SECRET_HASH)));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .alias("Ready, but with the old credentials: not routed there")
                .until(() -> !request.isDone());
        operator.markReady(name);

        Upstream upstream = request.get(10, TimeUnit.SECONDS);
        assertThat(instances().get(0).getStatus().getSecretHash()).isEqualTo(newHash);
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void targetUpdateWritesTheNewImageIntoRunningInstances() {
        resolve("github", ALICE);
        Target before = store.find("github").orElseThrow();
        Target after =
                new Target(
                        "github",
                        TransportType.KUBERNETES,
                        null,
                        "ghcr.io/org/mcp-github:2",
                        8080,
                        "/healthz",
                        null,
                        null,
                        null,
                        null,
                        IsolationBoundary.PER_USER,
                        null,
                        null,
                        new io.reflow.gateway.target.Resources(Map.of("cpu", "250m"), Map.of()),
                        false);
        store.update(after);

        transport.lifecycle().targetUpdated(before, after);

        MCPInstance instance = instances().get(0);
        assertThat(instance.getSpec().getImage()).isEqualTo("ghcr.io/org/mcp-github:2");
        assertThat(instance.getSpec().getHealthPath()).isEqualTo("/healthz");
        assertThat(instance.getSpec().getResources().getRequests()).containsKey("cpu");
        assertThat(instance.getStatus().getPhase()).isNotNull();
    }
}
