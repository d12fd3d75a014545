package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
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
 * The request path against the embedded API server. {@link OperatorStandIn} emulates the operator,
 * kubelet and kube-proxy (Ready status, a loopback ClusterIP forwarding to a real reference MCP
 * server), so real MCP traffic flows to each resolved endpoint.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesTransportMockTest {

    static final String NS = "reflow";
    static final Identity ALICE = new Identity("alice", "engineer", List.of("dev"), false);
    static final Identity BOB = new Identity("bob", "engineer", List.of("dev"), false);

    KubernetesMockServer server;
    KubernetesClient client;

    private final MemoryTargetStore store = new MemoryTargetStore();
    private KubernetesTransport transport;
    private OperatorStandIn operator;

    @BeforeEach
    void start() {
        Crds.install(client);
        operator = OperatorStandIn.start(client, NS);
        transport = startTransport(config(100, Duration.ofSeconds(20)));
        store.create(target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        operator.close();
    }

    static KubernetesConfig config(int maxInstances, Duration startupTimeout) {
        return new KubernetesConfig(
                true,
                NS,
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
        KubernetesTransport started = KubernetesTransport.start(config, client, store);
        await().atMost(Duration.ofSeconds(10)).until(started::isReady);
        return started;
    }

    private Upstream resolve(String target, Identity identity) {
        return transport.resolver().resolve(store.find(target).orElseThrow(), identity);
    }

    private List<MCPInstance> instances() {
        return client.resources(MCPInstance.class).inNamespace(NS).list().getItems();
    }

    private List<Secret> instanceSecrets() {
        return client.secrets()
                .inNamespace(NS)
                .withLabel(McpResources.LABEL_INSTANCE)
                .list()
                .getItems();
    }

    private static String instanceOf(Upstream upstream) {
        return upstream.mcpEndpoint().getHost();
    }

    @Test
    void firstRequestCreatesSecretAndInstanceAndServesMcpTraffic() {
        store.putEnv("github", EnvScope.user("alice"), Map.of("GITHUB_TOKEN", "t-alice"));

        Upstream upstream = resolve("github", ALICE);

        assertThat(instances()).hasSize(1);
        MCPInstance instance = instances().get(0);
        String name = instance.getMetadata().getName();
        assertThat(name).startsWith("github-").doesNotContain("alice");
        assertThat(instance.getSpec().getSecretName()).isEqualTo(name + "-env");
        Secret secret = client.secrets().inNamespace(NS).withName(name + "-env").get();
        assertThat(InstanceSecrets.decode(secret)).containsEntry("GITHUB_TOKEN", "t-alice");
        assertThat(instance.getMetadata().getAnnotations())
                .containsEntry(
                        McpResources.ANNOTATION_SECRET_HASH,
                        InstanceSecrets.contentHash(Map.of("GITHUB_TOKEN", "t-alice")));
        assertThat(upstream.mcpEndpoint().toString())
                .isEqualTo(instance.getStatus().getEndpoint() + "/mcp");
        assertThat(upstream.headers()).isEmpty();
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).contains("echo");
    }

    @Test
    void sameUserReusesTheInstance() {
        Upstream first = resolve("github", ALICE);
        Upstream second = resolve("github", ALICE);

        assertThat(second.mcpEndpoint()).isEqualTo(first.mcpEndpoint());
        assertThat(instances()).hasSize(1);
        assertThat(operator.created()).hasSize(1);
        assertThat(McpProbe.toolNames(second.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void anotherUserGetsAnotherInstanceAndAnotherSecret() {
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
        List<Callable<Upstream>> requests =
                java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> (Callable<Upstream>) () -> resolve("github", ALICE))
                        .toList();
        List<Upstream> upstreams;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            upstreams =
                    pool.invokeAll(requests).stream()
                            .map(KubernetesTransportMockTest::get)
                            .toList();
        }

        assertThat(upstreams)
                .extracting(Upstream::mcpEndpoint)
                .containsOnly(upstreams.get(0).mcpEndpoint());
        assertThat(instances()).hasSize(1);
        assertThat(operator.created()).hasSize(1);
        assertThat(instanceSecrets()).hasSize(1);
    }

    @Test
    void twoGatewayReplicasCreateOneInstancePerSubject() throws Exception {
        try (KubernetesTransport replica = startTransport(config(100, Duration.ofSeconds(20)));
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
        transport.close();
        transport = startTransport(config(1, Duration.ofSeconds(20)));
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
        store.create(target("jira", IsolationBoundary.PER_USER));
        resolve("github", ALICE);
        resolve("github", BOB);
        Upstream jira = resolve("jira", ALICE);
        String oldUid = uidOf("github", ALICE);

        int deleted = transport.lifecycle().restartInstances(store.find("github").orElseThrow());

        assertThat(deleted).isEqualTo(2);
        assertThat(instances())
                .extracting(i -> i.getSpec().getTargetName())
                .containsExactly("jira");
        assertThat(instanceSecrets()).hasSize(1);
        assertThat(resolve("jira", ALICE).mcpEndpoint()).isEqualTo(jira.mcpEndpoint());
        Upstream fresh = resolve("github", ALICE);
        assertThat(uidOf("github", ALICE)).isNotEqualTo(oldUid);
        assertThat(McpProbe.toolNames(fresh.mcpEndpoint())).isNotEmpty();
    }

    private String uidOf(String target, Identity identity) {
        String name =
                McpResources.instanceName(
                        target, SubjectKeys.of(store.find(target).orElseThrow(), identity));
        return client.resources(MCPInstance.class)
                .inNamespace(NS)
                .withName(name)
                .get()
                .getMetadata()
                .getUid();
    }

    @Test
    void targetDeletionDeletesItsInstances() {
        resolve("github", ALICE);

        transport.lifecycle().targetDeleted(store.find("github").orElseThrow());

        assertThat(instances()).isEmpty();
        assertThat(instanceSecrets()).isEmpty();
    }

    @Test
    void instanceDeletedBehindTheGatewaysBackIsRecreatedOnTheNextRequest() {
        resolve("github", ALICE);
        String oldUid = uidOf("github", ALICE);

        client.resources(MCPInstance.class).inNamespace(NS).delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> instances().isEmpty());
        Upstream upstream = resolve("github", ALICE);

        assertThat(uidOf("github", ALICE)).isNotEqualTo(oldUid);
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void failedInstanceIsReportedWith502AndReplacedOnTheNextRequest() {
        operator.autoReady(false);
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () -> {
                            await().until(() -> operator.created().contains(name));
                            operator.markFailed(name, "image ghcr.io/org/mcp-github:1 not found");
                        });

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(502))
                .hasMessageContaining("image ghcr.io/org/mcp-github:1 not found");
        String failedUid = uidOf("github", ALICE);

        operator.autoReady(true);
        Upstream upstream = resolve("github", ALICE);

        assertThat(uidOf("github", ALICE)).isNotEqualTo(failedUid);
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void terminalReadyReasonFailsTheWaitingClientWithinSecondsNamingIt() {
        assertFailsFast(
                InstancePhase.Failed,
                "ImagePullBackOff",
                "container mcp: ImagePullBackOff: Back-off pulling image",
                502);
    }

    @Test
    void terminalReasonFailsFastEvenBeforeThePhaseSaysFailed() {
        assertFailsFast(
                InstancePhase.Pending,
                "AdmissionRefused",
                "pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\"",
                502);
    }

    @Test
    void exceededQuotaAnswers503WithRetryAfter() {
        assertFailsFast(
                InstancePhase.Failed,
                "QuotaExceeded",
                "pods \"x\" is forbidden: exceeded quota: mcp",
                503);
    }

    @Test
    void missingSecretIsNoFailure() {
        operator.autoReady(false);
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () -> {
                            await().until(() -> operator.created().contains(name));
                            operator.markNotReady(
                                    name,
                                    InstancePhase.Pending,
                                    "SecretNotFound",
                                    "waiting for Secret '" + name + "-env'");
                            operator.markReady(name);
                        });

        assertThat(McpProbe.toolNames(resolve("github", ALICE).mcpEndpoint())).isNotEmpty();
    }

    private void assertFailsFast(InstancePhase phase, String reason, String message, int code) {
        transport.close();
        transport = startTransport(config(100, Duration.ofSeconds(60)));
        operator.autoReady(false);
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () -> {
                            await().until(() -> operator.created().contains(name));
                            operator.markNotReady(name, phase, reason, message);
                        });
        long start = System.nanoTime();

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(code);
                            assertThat(e.retryAfter() != null).isEqualTo(code == 503);
                        })
                .hasMessageContaining("(" + reason + ")")
                .hasMessageContaining(message);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("long before the 60 s startup timeout")
                .isLessThan(Duration.ofSeconds(10));
    }

    private String instanceName(String target, Identity identity) {
        return McpResources.instanceName(
                target, SubjectKeys.of(store.find(target).orElseThrow(), identity));
    }

    @Test
    void instanceNotReadyWithinStartupTimeoutAnswers504WithTheOperatorsMessage() {
        transport.close();
        transport = startTransport(config(100, Duration.ofSeconds(2)));
        operator.autoReady(false);
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () -> {
                            await().until(() -> operator.created().contains(name));
                            operator.markStarting(name, "pod is pulling its image");
                        });

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(504))
                .hasMessageContaining("did not become ready within 2s")
                .hasMessageContaining("pod is pulling its image");
    }

    @Test
    void readyEventCompletesAWaitingRequestAtOnce() throws Exception {
        operator.autoReady(false);
        String name = instanceName("github", ALICE);
        Future<Upstream> waiting;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            waiting = pool.submit(() -> resolve("github", ALICE));
            await().until(() -> operator.created().contains(name));
            assertThat(waiting).isNotDone();

            operator.markReady(name);
            Upstream upstream = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
        }
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
                        config(100, Duration.ofSeconds(20)),
                        java.time.Instant.now());
        impostor.getMetadata().setName(name);
        client.resource(impostor).create();
        await().until(() -> operator.created().contains(name));

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("belongs to another subject");
    }
}
