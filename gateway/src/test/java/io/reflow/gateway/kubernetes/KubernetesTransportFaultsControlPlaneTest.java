package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.McpProbe;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API server faults, refusals, activity and clean-up on the real control plane, with the real
 * operator and the node stand-in. The gateway's client carries the token of its ServiceAccount,
 * bound to the chart's Role, and reaches the API server through an {@link ApiServerPath} (TLS
 * passes through it untouched) that a test cuts or slows down; refusals are the server's own RBAC
 * answers to a Role a test narrows. The gateway's requests are counted by an interceptor of its
 * client. There is no test of an API server answering 5xx: a real one does that only when broken in
 * ways (etcd down) that would take the whole shared cluster down with it.
 */
@RequiresControlPlane
class KubernetesTransportFaultsControlPlaneTest {

    private static final Identity ALICE = KubernetesTransportControlPlaneTest.ALICE;
    private static final Identity BOB = KubernetesTransportControlPlaneTest.BOB;
    private static final Instant ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

    private final MemoryTargetStore store = new MemoryTargetStore();
    private final ManualTime time = new ManualTime(ORIGIN);
    private final Queue<String> sent = new ConcurrentLinkedQueue<>();
    private TestNamespace namespace;
    private String ns;
    private KubernetesClient admin;
    private ApiServerPath apiPath;
    private KubernetesClient gatewayClient;
    private Operator operator;
    private KubernetesTransport transport;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("faults");
        ns = namespace.name();
        admin = namespace.admin();
        namespace.serve();
        operator = Operator.start(admin, OperatorConfig.defaults(ns));
        apiPath = ApiServerPath.to(namespace.cluster().apiServer());
        String token = namespace.cluster().serviceAccountToken(ns, TestNamespace.GATEWAY);
        gatewayClient =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder(namespace.cluster().config(token, ns))
                                        .withMasterUrl(apiPath.url())
                                        .withRequestRetryBackoffLimit(2)
                                        .withRequestRetryBackoffInterval(100)
                                        .withRequestTimeout(5_000)
                                        .withWatchReconnectInterval(200)
                                        .build())
                        .withHttpClientBuilderConsumer(
                                http -> http.addOrReplaceInterceptor("count", counter()))
                        .build();
        KubernetesConfig config =
                new KubernetesConfig(
                        true,
                        ns,
                        "",
                        Duration.ofSeconds(4),
                        Duration.ofHours(24),
                        Duration.ofMinutes(1),
                        100,
                        Duration.ofSeconds(60));
        transport =
                KubernetesTransport.start(
                        config, gatewayClient, store, time.clock(), time.ticker());
        await().atMost(Duration.ofSeconds(30)).until(transport::isReady);
        store.create(
                KubernetesTransportControlPlaneTest.target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        gatewayClient.close();
        apiPath.close();
        operator.close();
        namespace.close();
    }

    /** Notes "METHOD path" of every request the gateway's client sends. */
    private Interceptor counter() {
        return new Interceptor() {
            @Override
            public void before(
                    BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                sent.add(request.method() + " " + request.uri().getPath());
            }
        };
    }

    private Upstream resolve(Identity identity) {
        return transport.resolver().resolve(store.find("github").orElseThrow(), identity);
    }

    private String instanceName(Identity identity) {
        return McpResources.instanceName(
                "github", SubjectKeys.of(store.find("github").orElseThrow(), identity));
    }

    private List<Secret> instanceSecrets() {
        return admin.secrets()
                .inNamespace(ns)
                .withLabel(McpResources.LABEL_INSTANCE)
                .list()
                .getItems();
    }

    private List<MCPInstance> instances() {
        return admin.resources(MCPInstance.class).inNamespace(ns).list().getItems();
    }

    @Test
    void unreachableApiServerGives503ThenRecoversWithoutRestart() {
        Upstream warm = resolve(ALICE);
        apiPath.cut();

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

        apiPath.restore();
        Upstream recovered = resolve(BOB);

        assertThat(McpProbe.toolNames(recovered.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void slowApiServerDoesNotSlowDownAWarmUserAndANewUserStillGetsIn() {
        Upstream warm = resolve(ALICE);
        apiPath.delay(Duration.ofMillis(700));

        long start = System.nanoTime();
        Upstream again = resolve(ALICE);
        Duration warmResolve = Duration.ofNanos(System.nanoTime() - start);
        Upstream bob = resolve(BOB);

        assertThat(again.mcpEndpoint()).isEqualTo(warm.mcpEndpoint());
        assertThat(warmResolve)
                .as("answered from the informer cache, no API call on the way")
                .isLessThan(Duration.ofMillis(500));
        assertThat(McpProbe.toolNames(bob.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void recreatedServiceMovesTheEndpointAndTheNextRequestFollowsIt() {
        Upstream before = resolve(ALICE);
        String oldHost = before.mcpEndpoint().getHost();
        String service = McpResources.serviceName(instanceName(ALICE));

        // A new Service gets a new ClusterIP from the API server; the operator reports it.
        admin.services().inNamespace(ns).withName(service).delete();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !resolve(ALICE).mcpEndpoint().getHost().equals(oldHost));

        assertThat(McpProbe.toolNames(resolve(ALICE).mcpEndpoint())).isNotEmpty();
    }

    @Test
    void forbiddenInstanceCreateNamesThePermissionAndLeavesNoSecret() {
        narrowGatewayRole("mcpinstances", "create");

        assertThatThrownBy(() -> resolve(ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("permission to create mcpinstances in namespace " + ns);
        assertThat(instanceSecrets()).isEmpty();
        assertThat(instances()).isEmpty();

        restoreGatewayRole();
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> McpProbe.toolNames(resolve(ALICE).mcpEndpoint()), t -> !t.isEmpty());
    }

    @Test
    void forbiddenSecretCreateNamesThePermissionAndLeavesNoInstance() {
        narrowGatewayRole("secrets", "create");

        assertThatThrownBy(() -> resolve(ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500))
                .hasMessageContaining("permission to create secrets in namespace " + ns);
        await().atMost(Duration.ofSeconds(30)).until(() -> instances().isEmpty());

        restoreGatewayRole();
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> McpProbe.toolNames(resolve(ALICE).mcpEndpoint()), t -> !t.isEmpty());
        assertThat(instanceSecrets()).hasSize(1);
    }

    @Test
    void activityIsRecordedAtMostOncePerHeartbeatInterval() {
        Upstream upstream = resolve(ALICE);
        String name = instanceName(ALICE);
        // The resolve's own touch, at the clock's origin.
        await().atMost(Duration.ofSeconds(10)).until(() -> activityPatches(name) == 1);
        sent.clear();
        // Past the heartbeat interval (1 s for a 4 s idle TTL) of that touch.
        time.advance(Duration.ofMillis(1100));

        for (int i = 0; i < 200; i++) {
            upstream.activity().run();
            time.advance(Duration.ofMillis(4)); // 800 ms in all: within one interval
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> activityPatches(name) == 1);
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> activityPatches(name) == 1);

        MCPInstance instance =
                admin.resources(MCPInstance.class).inNamespace(ns).withName(name).get();
        assertThat(instance.getMetadata().getAnnotations())
                .as("the time of the first request of the interval, from the gateway's clock")
                .containsEntry(McpResources.ANNOTATION_LAST_ACTIVITY, "2030-01-01T00:00:01Z");
        assertThat(instance.getStatus().getPhase())
                .as("the patch touches metadata, never status")
                .isNotNull();

        time.advance(Duration.ofMillis(300)); // 1.1 s after the last patch: the next interval
        upstream.activity().run();
        await().atMost(Duration.ofSeconds(10)).until(() -> activityPatches(name) == 2);
    }

    private int activityPatches(String name) {
        return (int)
                sent.stream()
                        // The only patches of this instance in the window are activity patches.
                        .filter(r -> r.equals("PATCH " + instancePath(name)))
                        .count();
    }

    private String instancePath(String name) {
        return "/apis/mcp.reflow.io/v1alpha1/namespaces/" + ns + "/mcpinstances/" + name;
    }

    /** Takes {@code verb} on {@code resource} away from the gateway's Role. */
    private void narrowGatewayRole(String resource, String verb) {
        admin.rbac()
                .roles()
                .inNamespace(ns)
                .withName(TestNamespace.GATEWAY)
                .edit(
                        role -> {
                            for (PolicyRule rule : role.getRules()) {
                                if (rule.getResources().contains(resource)) {
                                    rule.getVerbs().remove(verb);
                                }
                            }
                            return role;
                        });
        // RBAC changes reach the authorizer through its informer: wait until the server refuses.
        await().atMost(Duration.ofSeconds(30)).until(() -> !namespace.gatewayMay(verb, resource));
    }

    private void restoreGatewayRole() {
        namespace.resetGatewayRole();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                namespace.gatewayMay("create", "mcpinstances")
                                        && namespace.gatewayMay("create", "secrets"));
    }
}
