package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.McpProbe;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a request waiting for a new instance is told when the instance does not become Ready, on the
 * real control plane with the real operator: refusals by the API server's own admission
 * (LimitRanger, ResourceQuota), an image that cannot be pulled, the startup timeout. The node
 * stand-in does not serve the namespace until a test says so, so the test plays the kubelet of Pods
 * that must not run ({@link InstanceStates}). The transport runs with the gateway's ServiceAccount
 * token bound to the chart's Role.
 */
@RequiresControlPlane
class InstanceStartupControlPlaneTest {

    private static final Identity ALICE = KubernetesTransportControlPlaneTest.ALICE;

    private final MemoryTargetStore store = new MemoryTargetStore();
    private TestNamespace namespace;
    private String ns;
    private KubernetesClient admin;
    private KubernetesClient gatewayClient;
    private InstanceStates states;
    private Operator operator;
    private KubernetesTransport transport;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("startup");
        ns = namespace.name();
        admin = namespace.admin();
        gatewayClient = namespace.gatewayClient();
        states = new InstanceStates(admin, ns);
        operator = Operator.start(admin, OperatorConfig.defaults(ns));
        transport = startTransport(Duration.ofSeconds(60));
        store.create(
                KubernetesTransportControlPlaneTest.target("github", IsolationBoundary.PER_USER));
    }

    @AfterEach
    void stop() {
        transport.close();
        operator.close();
        namespace.close();
    }

    private KubernetesTransport startTransport(Duration startupTimeout) {
        KubernetesTransport started =
                KubernetesTransport.start(
                        KubernetesTransportControlPlaneTest.config(ns, 100, startupTimeout),
                        gatewayClient,
                        store);
        await().atMost(Duration.ofSeconds(30)).until(started::isReady);
        return started;
    }

    private void restartTransport(Duration startupTimeout) {
        transport.close();
        transport = startTransport(startupTimeout);
    }

    private Upstream resolve(String target, Identity identity) {
        return transport.resolver().resolve(store.find(target).orElseThrow(), identity);
    }

    private String instanceName(String target, Identity identity) {
        return McpResources.instanceName(
                target, SubjectKeys.of(store.find(target).orElseThrow(), identity));
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
    void failedInstanceIsReportedWith502AndReplacedOnTheNextRequest() {
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () ->
                                states.containerWaiting(
                                        name,
                                        "ImagePullBackOff",
                                        "image ghcr.io/org/mcp-github:1 not found"));

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(502))
                .hasMessageContaining("image ghcr.io/org/mcp-github:1 not found");
        String failedUid = uidOf("github", ALICE);

        namespace.serve();
        Upstream upstream = resolve("github", ALICE);

        assertThat(uidOf("github", ALICE)).isNotEqualTo(failedUid);
        assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
    }

    @Test
    void imageThatCannotBePulledFailsTheWaitingClientWithinSecondsNamingIt() {
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () ->
                                states.containerWaiting(
                                        name,
                                        "ImagePullBackOff",
                                        "Back-off pulling image \"ghcr.io/org/mcp-github:1\""));
        long start = System.nanoTime();

        assertFailsWith(502, "ImagePullBackOff", "Back-off pulling image");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("long before the 60 s startup timeout")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void podRefusedByAdmissionFailsTheWaitingClientWithinSecondsNamingIt() {
        // The LimitRanger admission plugin refuses any Pod without a CPU limit of at most 1m.
        admin.limitRanges()
                .inNamespace(ns)
                .resource(
                        new LimitRangeBuilder()
                                .withNewMetadata()
                                .withName("tiny")
                                .endMetadata()
                                .withNewSpec()
                                .addNewLimit()
                                .withType("Pod")
                                .addToMax("cpu", new Quantity("1m"))
                                .endLimit()
                                .endSpec()
                                .build())
                .create();
        long start = System.nanoTime();

        assertFailsWith(502, "AdmissionRefused", "maximum cpu usage per Pod is 1m");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("long before the 60 s startup timeout")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void terminalReasonFailsFastEvenBeforeThePhaseSaysFailed() {
        // An operator that reports the refusal before it gives up on the instance.
        operator.close();
        String name = instanceName("github", ALICE);
        Thread.ofVirtual()
                .start(
                        () -> {
                            states.awaitInstance(name);
                            states.operatorReports(
                                    name,
                                    InstancePhase.Pending,
                                    "AdmissionRefused",
                                    "pods \"x\" is forbidden: violates PodSecurity");
                        });
        long start = System.nanoTime();

        assertFailsWith(502, "AdmissionRefused", "violates PodSecurity");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("long before the 60 s startup timeout")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void exceededQuotaAnswers503WithRetryAfter() {
        admin.resourceQuotas()
                .inNamespace(ns)
                .resource(
                        new ResourceQuotaBuilder()
                                .withNewMetadata()
                                .withName("no-pods")
                                .endMetadata()
                                .withNewSpec()
                                .addToHard("pods", new Quantity("0"))
                                .endSpec()
                                .build())
                .create();
        // The quota controller is not run: the API server enforces a quota once it has a status.
        admin.resourceQuotas()
                .inNamespace(ns)
                .withName("no-pods")
                .editStatus(
                        q -> {
                            q.setStatus(
                                    new io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder()
                                            .addToHard("pods", new Quantity("0"))
                                            .addToUsed("pods", new Quantity("0"))
                                            .build());
                            return q;
                        });

        assertFailsWith(503, "QuotaExceeded", "exceeded quota: no-pods");
    }

    @Test
    void missingSecretIsNoFailure() throws Exception {
        namespace.serve();
        // An operator that has seen the instance before its Secret, then steps aside.
        operator.close();
        String name = instanceName("github", ALICE);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Upstream> waiting = pool.submit(() -> resolve("github", ALICE));
            states.awaitInstance(name);
            states.operatorReports(
                    name, InstancePhase.Pending, "SecretNotFound", "waiting for Secret");
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !waiting.isDone());

            operator = Operator.start(admin, OperatorConfig.defaults(ns));
            Upstream upstream = waiting.get(60, TimeUnit.SECONDS);

            assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
        }
    }

    private void assertFailsWith(int code, String reason, String message) {
        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(code);
                            assertThat(e.retryAfter() != null).isEqualTo(code == 503);
                        })
                .hasMessageContaining("(" + reason + ")")
                .hasMessageContaining(message);
    }

    @Test
    void instanceNotReadyWithinStartupTimeoutAnswers504WithTheOperatorsMessage() {
        restartTransport(Duration.ofSeconds(8));

        assertThatThrownBy(() -> resolve("github", ALICE))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(504))
                .hasMessageContaining("did not become ready within 8s")
                .hasMessageContaining("Pod " + McpResources.podName(instanceName("github", ALICE)));
    }

    @Test
    void readyPodCompletesAWaitingRequest() throws Exception {
        String name = instanceName("github", ALICE);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Upstream> waiting = pool.submit(() -> resolve("github", ALICE));
            states.awaitPod(name);
            assertThat(waiting).isNotDone();

            namespace.serve();
            Upstream upstream = waiting.get(60, TimeUnit.SECONDS);

            assertThat(McpProbe.toolNames(upstream.mcpEndpoint())).isNotEmpty();
        }
    }
}
