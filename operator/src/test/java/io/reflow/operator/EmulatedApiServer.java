package io.reflow.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's emulated API server (mock in CRUD mode) with the MCPInstance CRD registered, kept only
 * for tests that need what a real server cannot give on demand: an answer of the test's choosing to
 * one request ({@link #expect()}), e.g. a quota or an admission refusal of a Pod create that no
 * real configuration of this cluster would produce for a valid Pod.
 */
public final class EmulatedApiServer implements AutoCloseable {

    /** Namespace the tests use. */
    public static final String NAMESPACE = "reflow";

    /** Kept strongly reachable: the mock server logs every request at INFO otherwise. */
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    /** Starts an empty cluster on a free loopback port. */
    public EmulatedApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server =
                new KubernetesMockServer(
                        new Context(Serialization.jsonMapper()),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
    }

    /** A client of this cluster (closed with it). */
    public KubernetesClient client() {
        return client;
    }

    /** A second, independent client of this cluster (the caller closes it). */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    /** A valid instance named {@code <target>-<hash>} with a Secret name, not yet stored. */
    public static MCPInstance instance(String target, String user) {
        String subject = "user:" + user;
        String name = McpResources.instanceName(target, subject);
        return new MCPInstanceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withImage("ghcr.io/example/mcp-server:1.0")
                .withPort(8080)
                .withTargetName(target)
                .withSubjectKey(subject)
                .withHealthPath("/health")
                .endSpec()
                .build();
    }

    /** Stores {@code instance}. */
    public MCPInstance create(MCPInstance instance) {
        return client.resources(MCPInstance.class)
                .inNamespace(NAMESPACE)
                .resource(instance)
                .create();
    }

    /** The stored instance, or null. */
    public MCPInstance get(String name) {
        return client.resources(MCPInstance.class).inNamespace(NAMESPACE).withName(name).get();
    }

    /**
     * Edits the stored instance like a user would, retrying when the operator wrote status in
     * between (409).
     */
    public MCPInstance edit(String name, java.util.function.UnaryOperator<MCPInstance> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.resources(MCPInstance.class)
                        .inNamespace(NAMESPACE)
                        .withName(name)
                        .edit(change);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /** The stored Pod, or null. */
    public Pod pod(String name) {
        return client.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    /** The stored Service, or null. */
    public Service service(String name) {
        return client.services().inNamespace(NAMESPACE).withName(name).get();
    }

    /** The stored Secret, or null. */
    public Secret secret(String name) {
        return client.secrets().inNamespace(NAMESPACE).withName(name).get();
    }

    /** Creates a Secret the way the gateway does (labels, one key). */
    public Secret createSecret(String name) {
        return client.secrets().inNamespace(NAMESPACE).resource(secretTemplate(name)).create();
    }

    private static Secret secretTemplate(String name) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .addToLabels(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                .endMetadata()
                .addToData(
                        "API_TOKEN",
                        java.util.Base64.getEncoder()
                                .encodeToString(
                                        "not-a-real-token"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * Creates the instance's Secret {@code <instance>-env} the way the gateway does: after the
     * instance, with the gateway's label and an owner reference to the instance's uid.
     */
    public Secret createSecretOwnedBy(MCPInstance instance) {
        Secret secret =
                new SecretBuilder(
                                secretTemplate(
                                        McpResources.secretName(instance.getMetadata().getName())))
                        .editMetadata()
                        .addNewOwnerReference()
                        .withApiVersion(McpResources.GROUP + "/" + McpResources.VERSION)
                        .withKind("MCPInstance")
                        .withName(instance.getMetadata().getName())
                        .withUid(instance.getMetadata().getUid())
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata()
                        .build();
        return client.secrets().inNamespace(NAMESPACE).resource(secret).create();
    }

    /**
     * Expectations that take precedence over the emulated API server, e.g. to make it refuse a
     * request as RBAC, a quota or an admission controller would.
     */
    public io.fabric8.mockwebserver.dsl.MockServerExpectation expect() {
        return server.expect();
    }

    /** Kubelet stand-in: marks the Pod Running and Ready. */
    public void markPodReady(String name) {
        PodCondition ready =
                new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withLastTransitionTime(
                                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                        .build();
        client.pods()
                .inNamespace(NAMESPACE)
                .withName(name)
                .editStatus(
                        pod -> {
                            pod.setStatus(
                                    new PodStatusBuilder()
                                            .withPhase("Running")
                                            .withConditions(List.of(ready))
                                            .build());
                            return pod;
                        });
    }

    /** Kubelet stand-in: the container waits with {@code reason} (ErrImagePull, ...). */
    public void markContainerWaiting(String name, String reason, String message) {
        client.pods()
                .inNamespace(NAMESPACE)
                .withName(name)
                .editStatus(
                        pod -> {
                            pod.setStatus(
                                    new PodStatusBuilder()
                                            .withPhase("Pending")
                                            .addNewContainerStatus()
                                            .withName("mcp")
                                            .withImage(
                                                    pod.getSpec().getContainers().get(0).getImage())
                                            .withReady(false)
                                            .withRestartCount(0)
                                            .withNewState()
                                            .withNewWaiting()
                                            .withReason(reason)
                                            .withMessage(message)
                                            .endWaiting()
                                            .endState()
                                            .endContainerStatus()
                                            .build());
                            return pod;
                        });
    }

    /** Kubelet stand-in: the Pod failed. */
    public void markPodFailed(String name) {
        client.pods()
                .inNamespace(NAMESPACE)
                .withName(name)
                .editStatus(
                        pod -> {
                            pod.setStatus(
                                    new PodStatusBuilder()
                                            .withPhase("Failed")
                                            .withReason("Evicted")
                                            .build());
                            return pod;
                        });
    }

    /** Service controller stand-in: assigns a cluster IP. */
    public void assignClusterIp(String name, String ip) {
        client.services()
                .inNamespace(NAMESPACE)
                .withName(name)
                .edit(
                        service -> {
                            service.getSpec().setClusterIP(ip);
                            return service;
                        });
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static CustomResourceDefinition crd() {
        try (InputStream yaml =
                MCPInstance.class.getResourceAsStream(
                        "/META-INF/fabric8/mcpinstances.mcp.reflow.io-v1.yml")) {
            if (yaml == null) {
                throw new IllegalStateException("the api jar holds no generated MCPInstance CRD");
            }
            return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
