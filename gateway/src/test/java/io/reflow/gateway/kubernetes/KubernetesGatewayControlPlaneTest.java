package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.reflow.gateway.Gateway;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import io.reflow.operator.Operator;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole product in one JVM against the real control plane: the gateway (in-cluster store,
 * kubernetes transport) with the token of its ServiceAccount bound to the chart's Role, the real
 * operator, the real garbage collector and scheduler, and the node stand-in running one reference
 * MCP server process per Pod (with the Pod's env from its Secret, behind its Service's ClusterIP).
 * The namespace enforces the restricted Pod Security Standard. MCP traffic flows from the MCP SDK
 * client through {@code /mcp/{target}} (or the aggregated {@code /mcp}) to the per-user Pod.
 */
@RequiresControlPlane
class KubernetesGatewayControlPlaneTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private TestNamespace namespace;
    private String ns;
    private KubernetesClient client;
    private KubernetesClient gatewayClient;
    private Operator operator;
    private Gateway gateway;
    private GatewayClient http;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("gateway");
        ns = namespace.name();
        client = namespace.admin();
        gatewayClient = namespace.gatewayClient();
        namespace.serve();
        operator = Operator.start(client, OperatorConfig.defaults(ns));
        startGateway("30m");
        await().atMost(WAIT).until(operator::isReady);
        HttpResponse<String> created =
                http.admin(
                        "POST",
                        "/api/targets",
                        """
                        {"name": "github", "transport_type": "kubernetes",
                         "image": "ghcr.io/org/mcp-github:1", "port": 8080,
                         "statefulness": "stateful", "isolation_boundary": "per_user"}""");
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        putEnv("user/alice", "{\"GITHUB_TOKEN\": \"t-alice\"}");
        putEnv("user/bob", "{\"GITHUB_TOKEN\": \"t-bob\"}");
    }

    private void startGateway(String idleTtl) {
        gateway =
                Gateway.start(
                        GatewayConfig.fromYaml(
                                GatewayClient.yaml(
                                        ns,
                                        "idle_ttl: "
                                                + idleTtl
                                                + ", max_lifetime: 1h, max_instances: 3,"
                                                + " startup_timeout: 60s"),
                                Map.of()),
                        gatewayClient);
        http = new GatewayClient(gateway.baseUri());
    }

    @AfterEach
    void stop() {
        gateway.close();
        operator.close();
        namespace.close();
    }

    private void putEnv(String scope, String json) {
        HttpResponse<String> response = http.admin("PUT", "/api/targets/github/env/" + scope, json);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    private List<MCPInstance> instances() {
        return client.resources(MCPInstance.class).inNamespace(ns).list().getItems();
    }

    private MCPInstance instanceOf(String subject) {
        String name =
                McpResources.instanceName(
                        "github",
                        "user:" + McpResources.sha256Hex("user:" + subject).substring(0, 32));
        return client.resources(MCPInstance.class).inNamespace(ns).withName(name).get();
    }

    @Test
    void firstRequestCreatesSecretInstancePodAndServiceAndReachesThePodWithTheUsersCredentials() {
        String env = http.environmentSeenBy("github", "alice");

        assertThat(env).contains("t-alice").doesNotContain("t-bob");
        MCPInstance instance = instanceOf("alice");
        String name = instance.getMetadata().getName();
        assertThat(instance.getStatus().getEndpoint()).startsWith("http://127.");
        assertThat(client.pods().inNamespace(ns).withName(name).get()).isNotNull();
        assertThat(client.services().inNamespace(ns).withName(name).get()).isNotNull();
        Secret secret = client.secrets().inNamespace(ns).withName(name + "-env").get();
        assertThat(secret.getMetadata().getOwnerReferences())
                .as("the gateway made the Secret for this very instance")
                .singleElement()
                .satisfies(
                        owner -> {
                            assertThat(owner.getKind()).isEqualTo("MCPInstance");
                            assertThat(owner.getUid()).isEqualTo(instance.getMetadata().getUid());
                        });
    }

    @Test
    void theAggregatedEndpointServesTheUsersPodUnderTheTargetPrefix() {
        try (McpSyncClient aggregate = http.aggregateSession("alice")) {
            assertThat(aggregate.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .contains("github_get-env", "github_echo");
            String env =
                    aggregate
                            .callTool(
                                    McpSchema.CallToolRequest.builder("github_get-env")
                                            .arguments(Map.of())
                                            .build())
                            .content()
                            .toString();
            assertThat(env).contains("t-alice").doesNotContain("t-bob");
        }
        assertThat(instanceOf("alice")).isNotNull();
    }

    @Test
    void deletingTheInstanceDeletesItsSecret() {
        http.environmentSeenBy("github", "alice");
        String name = instanceOf("alice").getMetadata().getName();

        client.resources(MCPInstance.class).inNamespace(ns).withName(name).delete();

        await().atMost(WAIT)
                .until(
                        () ->
                                client.secrets().inNamespace(ns).withName(name + "-env").get()
                                        == null);
    }

    @Test
    void instanceNamingSomeoneElsesSecretNeverMountsItAndTheSecretSurvivesItsDeletion() {
        http.environmentSeenBy("github", "alice");
        String alice = instanceOf("alice").getMetadata().getName();
        MCPInstance thief =
                new MCPInstanceBuilder(instanceOf("alice"))
                        .withNewMetadata()
                        .withName("github-thief")
                        .withNamespace(ns)
                        .endMetadata()
                        .withStatus(null)
                        .editSpec()
                        .withSubjectKey("user:thief")
                        .endSpec()
                        .build();
        client.resource(thief).create();

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                client.resources(MCPInstance.class)
                                                        .inNamespace(ns)
                                                        .withName("github-thief")
                                                        .get()
                                                        .getStatus()
                                                        .getConditions())
                                        .first()
                                        .satisfies(
                                                c -> {
                                                    assertThat(c.getReason())
                                                            .isEqualTo("SecretNameNotAllowed");
                                                    assertThat(c.getMessage())
                                                            .contains(alice + "-env");
                                                }));
        assertThat(client.pods().inNamespace(ns).withName("github-thief").get()).isNull();

        // A dependent of the thief's instance only: once it is collected, the garbage
        // collector has dealt with the thief's deletion.
        createDependentOf("github-thief", "github-thief-marker");

        client.resources(MCPInstance.class).inNamespace(ns).withName("github-thief").delete();

        await().atMost(WAIT)
                .until(
                        () ->
                                client.secrets()
                                                .inNamespace(ns)
                                                .withName("github-thief-marker")
                                                .get()
                                        == null);
        assertThat(client.secrets().inNamespace(ns).withName(alice + "-env").get())
                .as("the Secret named by the deleted instance")
                .isNotNull();
        assertThat(http.environmentSeenBy("github", "alice")).contains("t-alice");
    }

    private void createDependentOf(String instance, String secretName) {
        String uid =
                client.resources(MCPInstance.class)
                        .inNamespace(ns)
                        .withName(instance)
                        .get()
                        .getMetadata()
                        .getUid();
        client.resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(secretName)
                                .withNamespace(ns)
                                .addNewOwnerReference()
                                .withApiVersion("mcp.reflow.io/v1alpha1")
                                .withKind("MCPInstance")
                                .withName(instance)
                                .withUid(uid)
                                .endOwnerReference()
                                .endMetadata()
                                .build())
                .create();
    }

    @Test
    void podRefusedByAdmissionFailsTheWaitingClientWithinSecondsNamingTheReason() {
        // The LimitRanger admission plugin refuses any Pod without a CPU limit of at most 1m.
        client.limitRanges()
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

        HttpResponse<String> refused = http.rawInitialize("github", "alice");

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("long before the 60 s startup timeout")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
        assertThat(refused.body())
                .contains("AdmissionRefused")
                .contains("maximum cpu usage per Pod is 1m");
        assertThat(instanceOf("alice").getStatus().getConditions().get(0).getReason())
                .isEqualTo("AdmissionRefused");
    }

    @Test
    void sameUserReusesItsPodAndAnotherUserGetsItsOwn() {
        String alice = http.environmentSeenBy("github", "alice");
        String aliceAgain = http.environmentSeenBy("github", "alice");
        String bob = http.environmentSeenBy("github", "bob");

        assertThat(aliceAgain).contains("t-alice");
        assertThat(alice).contains("t-alice");
        assertThat(bob).contains("t-bob").doesNotContain("t-alice");
        assertThat(instances()).hasSize(2);
        assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(2);
    }

    @Test
    void credentialChangeReplacesThePodAndTheNewValueReachesTheServer() {
        http.environmentSeenBy("github", "alice");
        String name = instanceOf("alice").getMetadata().getName();
        String oldPod = client.pods().inNamespace(ns).withName(name).get().getMetadata().getUid();

        putEnv("user/alice", "{\"GITHUB_TOKEN\": \"t-alice-rotated\"}");

        // The very next session waits for the new Pod: no request reaches the one being replaced.
        assertThat(http.environmentSeenBy("github", "alice"))
                .contains("t-alice-rotated")
                .doesNotContain("\"t-alice\"");
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        assertThat(pod.getMetadata().getUid()).isNotEqualTo(oldPod);
        assertThat(instances()).hasSize(1);
    }

    @Test
    void restartInstancesDeletesTheTargetsInstancesAndTheNextRequestStartsAFreshPod() {
        http.environmentSeenBy("github", "alice");
        http.environmentSeenBy("github", "bob");
        String oldUid = instanceOf("alice").getMetadata().getUid();

        HttpResponse<String> restarted =
                http.admin("POST", "/api/targets/github/restart-instances", null);

        assertThat(restarted.statusCode()).isEqualTo(200);
        assertThat(restarted.body()).contains("\"restarted\":2");
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
        assertThat(http.environmentSeenBy("github", "alice")).contains("t-alice");
        assertThat(instanceOf("alice").getMetadata().getUid()).isNotEqualTo(oldUid);
    }

    @Test
    void maxInstancesAnswers503WithRetryAfterAndCreatesNothing() {
        http.environmentSeenBy("github", "alice");
        http.environmentSeenBy("github", "bob");
        http.environmentSeenBy("github", "carol");

        HttpResponse<String> refused = http.rawInitialize("github", "dave");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("max_instances (3) reached");
        assertThat(instances()).hasSize(3);
        assertThat(instanceOf("dave")).isNull();
    }

    /**
     * Real time, on purpose: the operator collects by its own clock (the real one: {@code
     * Operator.start} takes none) from the activity the gateway records, so this is where the two
     * processes' views of time meet. The gateway's heartbeat interval alone is tested with an
     * injected clock in {@code KubernetesTransportFaultsControlPlaneTest}.
     */
    @Test
    void sessionInUseKeepsItsInstancePastTheIdleTtlWhileAnIdleOneIsCollected() throws Exception {
        gateway.close();
        startGateway("8s");
        http.environmentSeenBy("github", "bob");
        String bobInstance = instanceOf("bob").getMetadata().getName();
        try (McpSyncClient alice = http.session("github", "alice")) {
            String aliceUid = instanceOf("alice").getMetadata().getUid();
            Instant until = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(until)) {
                assertThat(alice.listTools().tools()).isNotEmpty();
                // A user working at a steady pace: one request every half second.
                Thread.sleep(500);
            }

            assertThat(instanceOf("alice").getMetadata().getUid())
                    .as("in use for 20 s with an 8 s idle TTL")
                    .isEqualTo(aliceUid);
            assertThat(instanceOf("bob")).as("idle for 20 s with an 8 s idle TTL").isNull();
            assertThat(GatewayClient.environment(alice)).contains("t-alice");
        }
        await().atMost(WAIT)
                .until(() -> client.pods().inNamespace(ns).withName(bobInstance).get() == null);
        await().atMost(WAIT).until(() -> instanceOf("alice") == null);
    }
}
