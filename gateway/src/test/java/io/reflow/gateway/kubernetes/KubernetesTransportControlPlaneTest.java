package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request path against the real control plane: the transport with the token of the gateway's
 * ServiceAccount bound to the chart's Role, the real operator, scheduler and garbage collector, and
 * the node stand-in running a reference MCP server per Pod behind its Service's ClusterIP, so real
 * MCP traffic flows to each resolved endpoint. Each test has its own namespace. Instances that do
 * not become Ready are {@link InstanceStartupControlPlaneTest}'s.
 */
@RequiresControlPlane
class KubernetesTransportControlPlaneTest {

    static final Identity ALICE = new Identity("alice", "engineer", List.of("dev"), false);
    static final Identity BOB = new Identity("bob", "engineer", List.of("dev"), false);

    private final MemoryTargetStore store = new MemoryTargetStore();
    private TestNamespace namespace;
    private String ns;
    private KubernetesClient admin;
    private KubernetesClient gatewayClient;
    private Operator operator;
    private KubernetesTransport transport;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("transport");
        ns = namespace.name();
        admin = namespace.admin();
        gatewayClient = namespace.gatewayClient();
        operator = Operator.start(admin, OperatorConfig.defaults(ns));
        transport = startTransport(config(ns, 100, Duration.ofSeconds(60)));
        store.create(target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        operator.close();
        namespace.close();
    }

    static KubernetesConfig config(String namespace, int maxInstances, Duration startupTimeout) {
        return new KubernetesConfig(
                true,
                namespace,
                "",
                Duration.ofMinutes(30),
                Duration.ofHours(24),
                Duration.ofMinutes(1),
                maxInstances,
                startupTimeout);
    }

    static Target target(String name, IsolationBoundary boundary) {
        return new Target(
                name,
                TransportType.KUBERNETES,
                null,
                "ghcr.io/org/mcp-" + name + ":1",
                8080,
                null,
                null,
                null,
                null,
                null,
                boundary,
                null,
                null,
                null,
                false);
    }

    private KubernetesTransport startTransport(KubernetesConfig config) {
        KubernetesTransport started = KubernetesTransport.start(config, gatewayClient, store);
        await().atMost(Duration.ofSeconds(30)).until(started::isReady);
        return started;
    }

    private Upstream resolve(String target, Identity identity) {
        return transport.resolver().resolve(store.find(target).orElseThrow(), identity);
    }

    private List<MCPInstance> instances() {
        return admin.resources(MCPInstance.class).inNamespace(ns).list().getItems();
    }

    private List<Secret> instanceSecrets() {
        return admin.secrets()
                .inNamespace(ns)
                .withLabel(McpResources.LABEL_INSTANCE)
                .list()
                .getItems();
    }

    private static String instanceOf(Upstream upstream) {
        return upstream.mcpEndpoint().getHost();
    }

    @Test
    void firstRequestCreatesSecretAndInstanceAndServesMcpTraffic() {
        namespace.serve();
        store.putEnv("github", EnvScope.user("alice"), Map.of("GITHUB_TOKEN", "t-alice"));

        Upstream upstream = resolve("github", ALICE);

        assertThat(instances()).hasSize(1);
        MCPInstance instance = instances().get(0);
        String name = instance.getMetadata().getName();
        assertThat(name).startsWith("github-").doesNotContain("alice");
        assertThat(instance.getSpec().getSecretName()).isEqualTo(name + "-env");
        Secret secret = admin.secrets().inNamespace(ns).withName(name + "-env").get();
        assertThat(InstanceSecrets.decode(secret)).containsEntry("GITHUB_TOKEN", "t-alice");
        assertThat(instance.getMetadata().getAnnotations())
                .containsEntry(
                        McpResources.ANNOTATION_SECRET_HASH,
                        InstanceSecrets.contentHash(Map.of("GITHUB_TOKEN", "t-alice")));
        assertThat(upstream.mcpEndpoint().toString())
                .isEqualTo(instance.getStatus().getEndpoint() + "/mcp");
        assertThat(upstream.headers()).isEmpty();
        try (var client = McpProbe.client(upstream.mcpEndpoint(), null)) {
            client.initialize();
            assertThat(McpProbe.environment(client)).contains("t-alice");
        }
    }

    @Test
    void sameUserReusesTheInstance() {
        namespace.serve();
        Upstream first = resolve("github", ALICE);
        String uid = uidOf("github", ALICE);
        Upstream second = resolve("github", ALICE);

        assertThat(second.mcpEndpoint()).isEqualTo(first.mcpEndpoint());
        assertThat(instances())
                .singleElement()
                .extracting(i -> i.getMetadata().getUid())
                .isEqualTo(uid);
        assertThat(McpProbe.toolNames(second.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void anotherUserGetsAnotherInstanceAndAnotherSecret() {
        namespace.serve();
        store.putEnv("github", EnvScope.user("alice"), Map.of("TOKEN", "a"));
        store.putEnv("github", EnvScope.user("bob"), Map.of("TOKEN", "b"));

        Upstream alice = resolve("github", ALICE);
        Upstream bob = resolve("github", BOB);

        assertThat(instanceOf(bob)).isNotEqualTo(instanceOf(alice));
        assertThat(instances()).hasSize(2);
        assertThat(instanceSecrets())
                .extracting(InstanceSecrets::decode)
                .containsExactlyInAnyOrder(Map.of("TOKEN", "a"), Map.of("TOKEN", "b"));
        assertThat(McpProbe.toolNames(bob.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void sharedTargetServesEveryUserFromOneInstance() {
        namespace.serve();
        store.create(target("wiki", IsolationBoundary.SHARED));

        Upstream alice = resolve("wiki", ALICE);
        Upstream bob = resolve("wiki", BOB);

        assertThat(bob.mcpEndpoint()).isEqualTo(alice.mcpEndpoint());
        assertThat(instances())
                .singleElement()
                .satisfies(i -> assertThat(i.getSpec().getSubjectKey()).isEqualTo("shared:wiki"));
    }

    @Test
    void fiftyConcurrentFirstRequestsOfOneUserCreateExactlyOneInstance() throws Exception {
        namespace.serve();
        List<Callable<Upstream>> requests =
                java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> (Callable<Upstream>) () -> resolve("github", ALICE))
                        .toList();
        List<Upstream> upstreams;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            upstreams =
                    pool.invokeAll(requests).stream()
                            .map(KubernetesTransportControlPlaneTest::get)
                            .toList();
        }

        assertThat(upstreams)
                .extracting(Upstream::mcpEndpoint)
                .containsOnly(upstreams.get(0).mcpEndpoint());
        assertThat(instances()).hasSize(1);
        assertThat(instanceSecrets()).hasSize(1);
        assertThat(admin.pods().inNamespace(ns).list().getItems()).hasSize(1);
    }

    @Test
    void twoGatewayReplicasCreateOneInstancePerSubject() throws Exception {
        namespace.serve();
        try (KubernetesTransport replica = startTransport(config(ns, 100, Duration.ofSeconds(60)));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Target github = store.find("github").orElseThrow();
            List<Future<Upstream>> both =
                    pool.invokeAll(
                            List.of(
                                    () -> transport.resolver().resolve(github, ALICE),
                                    () -> replica.resolver().resolve(github, ALICE)));

            assertThat(get(both.get(0)).mcpEndpoint()).isEqualTo(get(both.get(1)).mcpEndpoint());
            assertThat(instances()).hasSize(1);
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void maxInstancesAnswers503WithRetryAfterAndCreatesNothing() {
        namespace.serve();
        transport.close();
        transport = startTransport(config(ns, 1, Duration.ofSeconds(60)));
        resolve("github", ALICE);

        assertThatThrownBy(() -> resolve("github", BOB))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(503);
                            assertThat(e.retryAfter()).isPositive();
                        })
                .hasMessageContaining("max_instances (1) reached");
        assertThat(instances()).hasSize(1);
        assertThat(instanceSecrets()).hasSize(1);
        assertThat(resolve("github", ALICE)).isNotNull();
    }

    @Test
    void restartInstancesDeletesOnlyThatTargetsInstancesAndTheNextRequestGetsAFreshOne() {
        namespace.serve();
        store.create(target("jira", IsolationBoundary.PER_USER));
        resolve("github", ALICE);
        resolve("github", BOB);
        Upstream jira = resolve("jira", ALICE);
        String oldUid = uidOf("github", ALICE);

        int deleted = transport.lifecycle().restartInstances(store.find("github").orElseThrow());

        assertThat(deleted).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> {
                            assertThat(instances())
                                    .extracting(i -> i.getSpec().getTargetName())
                                    .containsExactly("jira");
                            assertThat(instanceSecrets()).hasSize(1);
                        });
        assertThat(resolve("jira", ALICE).mcpEndpoint()).isEqualTo(jira.mcpEndpoint());
        Upstream fresh = resolve("github", ALICE);
        assertThat(uidOf("github", ALICE)).isNotEqualTo(oldUid);
        assertThat(McpProbe.toolNames(fresh.mcpEndpoint())).isNotEmpty();
    }

    private String uidOf(String target, Identity identity) {
        return admin.resources(MCPInstance.class)
                .inNamespace(ns)
                .withName(instanceName(target, identity))
                .get()
                .getMetadata()
                .getUid();
    }

    @Test
    void targetDeletionDeletesItsInstancesAndTheirSecretsAndPods() {
        namespace.serve();
        resolve("github", ALICE);

        transport.lifecycle().targetDeleted(store.find("github").orElseThrow());

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> {
                            assertThat(instances()).isEmpty();
                            assertThat(instanceSecrets()).isEmpty();
                            assertThat(admin.pods().inNamespace(ns).list().getItems()).isEmpty();
                        });
    }

    @Test
    void instanceDeletedBehindTheGatewaysBackIsRecreatedOnTheNextRequest() {
        namespace.serve();
        resolve("github", ALICE);
        String oldUid = uidOf("github", ALICE);

        admin.resources(MCPInstance.class).inNamespace(ns).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> instances().isEmpty());
        Upstream upstream = resolve("github", ALICE);

        assertThat(uidOf("github", ALICE)).isNotEqualTo(oldUid);
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
    }

    private String instanceName(String target, Identity identity) {
        return McpResources.instanceName(
                target, SubjectKeys.of(store.find(target).orElseThrow(), identity));
    }

    @Test
    void perRoleTargetRefusesAnIdentityWithoutRoleWith403() {
        store.create(target("ops", IsolationBoundary.PER_ROLE));

        assertThatThrownBy(() -> resolve("ops", new Identity("zoe", null, List.of("dev"), false)))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(403))
                .hasMessageContaining("'role' claim");
        assertThat(instances()).isEmpty();
    }

    @Test
    void instanceOfAnotherSubjectWithTheSameNameIsNeverShared() {
        String name = instanceName("github", ALICE);
        MCPInstance impostor =
                DesiredInstance.desired(
                        store.find("github").orElseThrow(),
                        "user:someone-else",
                        "x",
                        config(ns, 100, Duration.ofSeconds(20)),
                        java.time.Instant.now());
        impostor.getMetadata().setName(name);
        impostor.getMetadata().setNamespace(ns);
        admin.resource(impostor).create();

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("belongs to another subject");
    }
}
