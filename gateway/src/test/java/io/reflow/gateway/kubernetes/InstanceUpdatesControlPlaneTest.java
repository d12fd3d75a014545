package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.McpProbe;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes that reach running instances, on the real control plane with the real operator and the
 * node stand-in: new credentials (a new Secret and hash, a new Pod, and no request routed to the
 * Pod being replaced) and target updates. The transport runs with the gateway's ServiceAccount
 * token bound to the chart's Role.
 */
@RequiresControlPlane
class InstanceUpdatesControlPlaneTest {

    private static final Identity ALICE = KubernetesTransportControlPlaneTest.ALICE;

    private final MemoryTargetStore store = new MemoryTargetStore();
    private TestNamespace namespace;
    private String ns;
    private KubernetesClient admin;
    private Operator operator;
    private KubernetesTransport transport;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("updates");
        ns = namespace.name();
        admin = namespace.admin();
        namespace.serve();
        operator = Operator.start(admin, OperatorConfig.defaults(ns));
        transport =
                KubernetesTransport.start(
                        KubernetesTransportControlPlaneTest.config(ns, 100, Duration.ofSeconds(60)),
                        namespace.gatewayClient(),
                        store);
        await().atMost(Duration.ofSeconds(30)).until(transport::isReady);
        store.create(
                KubernetesTransportControlPlaneTest.target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        operator.close();
        namespace.close();
    }

    private Upstream resolve(String target, Identity identity) {
        return transport.resolver().resolve(store.find(target).orElseThrow(), identity);
    }

    private List<MCPInstance> instances() {
        return admin.resources(MCPInstance.class).inNamespace(ns).list().getItems();
    }

    private static String environment(Upstream upstream) {
        try (McpSyncClient client = McpProbe.client(upstream.mcpEndpoint(), null)) {
            client.initialize();
            return McpProbe.environment(client);
        }
    }

    @Test
    void credentialChangeRewritesTheSecretAndTheHashThatRollsThePod() {
        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "old"));
        resolve("github", ALICE);
        String name = instances().get(0).getMetadata().getName();
        Pod before = admin.pods().inNamespace(ns).withName(McpResources.podName(name)).get();

        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "new"));
        transport
                .lifecycle()
                .envChanged(store.find("github").orElseThrow(), EnvScope.user("alice"));
        Upstream upstream = resolve("github", ALICE);

        Secret secret = admin.secrets().inNamespace(ns).withName(name + "-env").get();
        assertThat(InstanceSecrets.decode(secret)).containsExactly(Map.entry("TOKEN", "new"));
        assertThat(instances().get(0).getMetadata().getAnnotations())
                .containsEntry(
                        McpResources.ANNOTATION_SECRET_HASH,
                        InstanceSecrets.contentHash(Map.of("TOKEN", "new")));
        assertThat(instances()).hasSize(1);
        assertThat(admin.pods().inNamespace(ns).withName(McpResources.podName(name)).get())
                .extracting(p -> p.getMetadata().getUid())
                .isNotEqualTo(before.getMetadata().getUid());
        assertThat(environment(upstream)).contains("new").doesNotContain("old");
    }

    @Test
    void afterACredentialChangeTheFirstRequestReachesAServerWithTheNewCredentials() {
        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "old"));
        assertThat(environment(resolve("github", ALICE))).contains("old");
        String newHash = InstanceSecrets.contentHash(Map.of("TOKEN", "new"));

        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "new"));
        Upstream upstream = resolve("github", ALICE);

        assertThat(instances().get(0).getStatus().getSecretHash())
                .as("the request waited until the operator reported the new Pod Ready")
                .isEqualTo(newHash);
        assertThat(environment(upstream)).contains("new").doesNotContain("old");
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
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () ->
                                assertThat(
                                                admin.pods()
                                                        .inNamespace(ns)
                                                        .withName(
                                                                McpResources.podName(
                                                                        instance.getMetadata()
                                                                                .getName()))
                                                        .get())
                                        .as("the operator rolled the Pod to the new image")
                                        .isNotNull()
                                        .extracting(
                                                p -> p.getSpec().getContainers().get(0).getImage())
                                        .isEqualTo("ghcr.io/org/mcp-github:2"));
    }
}
