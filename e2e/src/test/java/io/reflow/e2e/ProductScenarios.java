package io.reflow.e2e;

import static io.reflow.e2e.ClusterView.isReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.e2e.crd.MCPInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The product's end-to-end scenarios, written once; each provider's {@code *E2E} class runs them on
 * its cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProductScenarios {

    static final Duration SETTLE = Duration.ofSeconds(60);

    ClusterProvider cluster;
    GatewayApi gateway;
    ClusterView view;
    private boolean settingsChanged;

    /** Starts this provider's cluster with the product installed. */
    abstract ClusterProvider startCluster();

    @BeforeAll
    void startProduct() {
        cluster = startCluster();
        gateway = new GatewayApi(cluster);
        view = new ClusterView(cluster.client(), cluster.namespace());
        gateway.createTargets(cluster.serverImage(), cluster.serverPort());
    }

    @AfterAll
    void stopProduct() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void restoreSettings() {
        if (settingsChanged) {
            cluster.restartGateway(ProductSettings.DEFAULTS);
            settingsChanged = false;
        }
    }

    void useSettings(ProductSettings settings) {
        settingsChanged = true;
        cluster.restartGateway(settings);
    }

    @Test
    void firstRequestCreatesInstanceThatServesToolsWithTargetEnv() {
        gateway.setEnv(TestTargets.RECONCILE, "default", Map.of("GREETING", "hello-from-secret"));

        try (McpSyncClient client = gateway.connect(TestTargets.RECONCILE, "alice")) {
            assertThat(client.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .contains("echo", "get-env");
            assertThat(GatewayApi.echo(client, "ping")).contains("ping");
            assertThat(GatewayApi.environment(client)).contains("hello-from-secret");
        }

        MCPInstance instance = single(TestTargets.RECONCILE);
        assertThat(isReady(instance)).isTrue();
        String name = instance.getMetadata().getName();
        assertThat(name).startsWith(TestTargets.RECONCILE + "-");
        assertThat(instance.getSpec().getSubjectKey()).startsWith("user:").doesNotContain("alice");
        assertThat(instance.getSpec().getSecretName()).isEqualTo(name + "-env");
        assertThat(view.pod(name))
                .satisfies(p -> assertThat(ClusterView.ownedBy(p, instance)).isTrue());
        assertThat(view.service(name))
                .satisfies(s -> assertThat(ClusterView.ownedBy(s, instance)).isTrue());
        assertThat(view.secretOf(instance))
                .satisfies(s -> assertThat(ClusterView.ownedBy(s, instance)).isTrue());
        assertThat(instance.getStatus().getEndpoint()).contains(":" + instance.getSpec().getPort());
    }

    @Test
    void perUserTargetGivesEachUserOwnInstanceAndSharedTargetOneForAll() {
        gateway.setEnv(TestTargets.PER_USER, "user/alice", Map.of("WHO", "alice-value"));
        gateway.setEnv(TestTargets.PER_USER, "user/bob", Map.of("WHO", "bob-value"));

        assertThat(gateway.serverEnvironment(TestTargets.PER_USER, "alice"))
                .contains("alice-value")
                .doesNotContain("bob-value");
        assertThat(gateway.serverEnvironment(TestTargets.PER_USER, "bob"))
                .contains("bob-value")
                .doesNotContain("alice-value");
        List<MCPInstance> perUser = view.instancesOf(TestTargets.PER_USER);
        assertThat(perUser).hasSize(2);
        assertThat(perUser).extracting(i -> i.getSpec().getSecretName()).doesNotHaveDuplicates();
        assertThat(perUser.stream().map(view::secretOf).toList()).doesNotContainNull();

        gateway.serverEnvironment(TestTargets.SHARED, "alice");
        gateway.serverEnvironment(TestTargets.SHARED, "bob");
        assertThat(view.instancesOf(TestTargets.SHARED)).hasSize(1);
        assertThat(single(TestTargets.SHARED).getSpec().getSubjectKey()).startsWith("shared:");
    }

    @Test
    void idleInstanceIsCollectedWithItsPodServiceAndSecret() {
        useSettings(ProductSettings.DEFAULTS.withIdleTtl(Duration.ofSeconds(10)));
        try (McpSyncClient client = gateway.connect(TestTargets.IDLE, "carol")) {
            GatewayApi.echo(client, "one last call");
        }
        MCPInstance instance = single(TestTargets.IDLE);
        assertThat(instance.getSpec().getIdleTTL()).isEqualTo("10s");

        await().atMost(SETTLE).until(() -> view.allGone(instance));
    }

    @Test
    void instanceInUseIsReplacedAtMaxLifetimeAndNextRequestWorks() {
        useSettings(ProductSettings.DEFAULTS.withMaxLifetime(Duration.ofSeconds(20)));
        try (McpSyncClient client = gateway.connect(TestTargets.AGING, "dave")) {
            GatewayApi.echo(client, "in use");
        }
        MCPInstance first = single(TestTargets.AGING);

        await().atMost(SETTLE)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            // Keep it busy: the lifetime limit applies even to an instance in use.
                            usePeacefully(TestTargets.AGING, "dave");
                            return view.instance(first.getMetadata().getName()) == null
                                    || !uid(view.instance(first.getMetadata().getName()))
                                            .equals(uid(first));
                        });

        assertThat(gateway.serverEnvironment(TestTargets.AGING, "dave")).isNotBlank();
        MCPInstance second = single(TestTargets.AGING);
        assertThat(uid(second)).isNotEqualTo(uid(first));
        assertThat(isReady(second)).isTrue();
    }

    @Test
    void restartInstancesRemovesOnlyThatTargetsInstances() {
        gateway.serverEnvironment(TestTargets.RESTART_A, "erin");
        gateway.serverEnvironment(TestTargets.RESTART_B, "erin");
        MCPInstance a = single(TestTargets.RESTART_A);
        MCPInstance b = single(TestTargets.RESTART_B);

        gateway.restartInstances(TestTargets.RESTART_A);

        await().atMost(SETTLE).until(() -> view.allGone(a));
        assertThat(uid(single(TestTargets.RESTART_B))).isEqualTo(uid(b));
        assertThat(view.pod(b.getMetadata().getName())).isNotNull();
        assertThat(gateway.serverEnvironment(TestTargets.RESTART_A, "erin")).isNotBlank();
        assertThat(uid(single(TestTargets.RESTART_A))).isNotEqualTo(uid(a));
    }

    @Test
    void deletedPodIsRecreatedAndTrafficResumes() {
        gateway.serverEnvironment(TestTargets.HEALING_POD, "frank");
        MCPInstance instance = single(TestTargets.HEALING_POD);
        String name = instance.getMetadata().getName();
        String podUid = uid(view.pod(name));

        cluster.client().pods().inNamespace(cluster.namespace()).withName(name).delete();

        await().atMost(SETTLE)
                .until(
                        () -> {
                            Pod pod = view.pod(name);
                            return pod != null && !uid(pod).equals(podUid);
                        });
        await().atMost(SETTLE).until(() -> isReady(view.instance(name)));
        assertThat(gateway.serverEnvironment(TestTargets.HEALING_POD, "frank")).isNotBlank();
        assertThat(uid(single(TestTargets.HEALING_POD))).isEqualTo(uid(instance));
    }

    @Test
    void operatorRestartedMidFlightConvergesWithoutDuplicates() throws Exception {
        cluster.stopOperator();
        // Its own thread: the common pool may have one thread here, which the MCP client needs.
        ExecutorService requester = Executors.newSingleThreadExecutor();
        CompletableFuture<String> firstRequest =
                CompletableFuture.supplyAsync(
                        () -> gateway.serverEnvironment(TestTargets.HEALING_OPERATOR, "grace"),
                        requester);
        await().atMost(SETTLE)
                .until(() -> view.instancesOf(TestTargets.HEALING_OPERATOR).size() >= 1);
        MCPInstance pending =
                view.instancesOf(TestTargets.HEALING_OPERATOR).stream()
                        .filter(i -> !isReady(i))
                        .findFirst()
                        .orElseThrow();

        cluster.startOperator();

        try {
            assertThat(firstRequest.get(SETTLE.toSeconds(), TimeUnit.SECONDS)).isNotBlank();
        } finally {
            requester.shutdownNow();
        }
        String name = pending.getMetadata().getName();
        assertThat(view.podsOf(name)).hasSize(1);
        assertThat(view.servicesOf(name)).hasSize(1);
        assertThat(isReady(view.instance(name))).isTrue();
    }

    @Test
    void restartedGatewayReusesExistingInstances() {
        gateway.serverEnvironment(TestTargets.HEALING_GATEWAY, "heidi");
        List<String> before =
                view.instancesOf(TestTargets.HEALING_GATEWAY).stream()
                        .map(ProductScenarios::uid)
                        .toList();

        cluster.restartGateway(ProductSettings.DEFAULTS);

        assertThat(gateway.serverEnvironment(TestTargets.HEALING_GATEWAY, "heidi")).isNotBlank();
        assertThat(view.instancesOf(TestTargets.HEALING_GATEWAY))
                .extracting(ProductScenarios::uid)
                .containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void changedCredentialsRollThePodAndTheNewValueIsVisible() {
        gateway.setEnv(TestTargets.CREDENTIALS, "default", Map.of("API_TOKEN", "token-v1"));
        assertThat(gateway.serverEnvironment(TestTargets.CREDENTIALS, "ivan")).contains("token-v1");
        String name = single(TestTargets.CREDENTIALS).getMetadata().getName();
        String podUid = uid(view.pod(name));

        gateway.setEnv(TestTargets.CREDENTIALS, "default", Map.of("API_TOKEN", "token-v2"));
        // The gateway writes the new Secret on the next request; the operator then rolls the pod.
        await().atMost(SETTLE)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            String env = usePeacefully(TestTargets.CREDENTIALS, "ivan");
                            return env.contains("token-v2");
                        });

        assertThat(uid(view.pod(name))).isNotEqualTo(podUid);
        assertThat(gateway.serverEnvironment(TestTargets.CREDENTIALS, "ivan"))
                .contains("token-v2")
                .doesNotContain("token-v1");
    }

    @Test
    void kubectlListsInstances() throws Exception {
        Kubectl kubectl = Kubectl.forCluster(cluster);
        gateway.serverEnvironment(TestTargets.LISTED, "judy");
        String name = single(TestTargets.LISTED).getMetadata().getName();

        String output = kubectl.run("get", "mcpinstances", "-n", cluster.namespace());

        assertThat(output).contains("NAME").contains(name);
        assertThat(kubectl.run("get", "mcpi", name, "-n", cluster.namespace(), "-o", "name"))
                .contains("mcpinstance.mcp.reflow.io/" + name);
    }

    /** The only MCPInstance of {@code target}, once there is exactly one and it is Ready. */
    MCPInstance single(String target) {
        await("exactly one Ready instance of " + target)
                .atMost(SETTLE)
                .until(
                        () -> {
                            List<MCPInstance> all = view.instancesOf(target);
                            return all.size() == 1 && isReady(all.get(0));
                        });
        return view.instancesOf(target).get(0);
    }

    /** The server env through the gateway, or "" while the instance is being replaced. */
    String usePeacefully(String target, String user) {
        try {
            return gateway.serverEnvironment(target, user);
        } catch (RuntimeException replacing) {
            return "";
        }
    }

    static String uid(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getUid();
    }
}
