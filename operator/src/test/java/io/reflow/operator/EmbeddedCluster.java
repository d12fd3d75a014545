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
import io.fabric8.kubernetes.client.utils.Serialization;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.controlplane.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh namespace on the real test control plane ({@link ControlPlane#shared()}: etcd,
 * kube-apiserver, garbage collector, scheduler) with the MCPInstance CRD installed, plus a kubelet
 * stand-in: there is no kubelet for the operator's Pods, so tests write Pod status themselves
 * through the methods here (the admin client may).
 *
 * <p>Each instance owns one namespace, labelled {@code enforce=restricted} as the install docs ask,
 * so every Pod the operator creates passes the real PodSecurity admission. Pods stay unbound unless
 * some test of the JVM registered the node stand-in; either way nothing else writes their status
 * (the node stand-in only runs Pods of namespaces it serves, and none of these).
 */
public final class EmbeddedCluster implements AutoCloseable {

    private static final String CRD_NAME = "mcpinstances.mcp.reflow.io";

    private static boolean crdInstalled;

    static {
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
    }

    private final ControlPlane controlPlane;
    private final KubernetesClient client;
    private final String namespace;

    /** A fresh namespace of the shared control plane, the CRD installed (once per JVM). */
    public EmbeddedCluster() {
        controlPlane = ControlPlane.shared();
        installCrd(controlPlane.admin());
        namespace = controlPlane.createRestrictedNamespace("reflow");
        client = controlPlane.newAdminClient();
    }

    /** The namespace of this cluster: the tests' and the operator's. */
    public String namespace() {
        return namespace;
    }

    /** The control plane behind this cluster. */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** A cluster-admin client of this cluster (closed with it). */
    public KubernetesClient client() {
        return client;
    }

    /** A second, independent cluster-admin client (the caller closes it). */
    public KubernetesClient newClient() {
        return controlPlane.newAdminClient();
    }

    /**
     * A valid instance named {@code <target>-<hash>}, not yet stored and in no namespace: {@link
     * #create} stores it in this cluster's.
     */
    public static MCPInstance instance(String target, String user) {
        String subject = "user:" + user;
        String name = McpResources.instanceName(target, subject);
        return new MCPInstanceBuilder()
                .withNewMetadata()
                .withName(name)
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
                .inNamespace(namespace)
                .resource(instance)
                .create();
    }

    /** The stored instance, or null. */
    public MCPInstance get(String name) {
        return client.resources(MCPInstance.class).inNamespace(namespace).withName(name).get();
    }

    /**
     * Edits the stored instance like a user would, retrying when the operator wrote status in
     * between (409).
     */
    public MCPInstance edit(String name, java.util.function.UnaryOperator<MCPInstance> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.resources(MCPInstance.class)
                        .inNamespace(namespace)
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
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    /** The stored Service, or null. */
    public Service service(String name) {
        return client.services().inNamespace(namespace).withName(name).get();
    }

    /** The stored Secret, or null. */
    public Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** Creates a Secret the way the gateway does (labels, one key). */
    public Secret createSecret(String name) {
        return client.secrets().inNamespace(namespace).resource(secretTemplate(name)).create();
    }

    private Secret secretTemplate(String name) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
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
        return client.secrets().inNamespace(namespace).resource(secret).create();
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
                .inNamespace(namespace)
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
                .inNamespace(namespace)
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
                .inNamespace(namespace)
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

    /**
     * Closes the client and deletes the namespace without waiting: the namespace controller removes
     * what is left in it, and no later test uses its name.
     */
    @Override
    public void close() {
        client.close();
        controlPlane.admin().namespaces().withName(namespace).delete();
    }

    /** Installs the CRD from the api jar once per JVM and waits until it is served. */
    private static synchronized void installCrd(KubernetesClient admin) {
        if (crdInstalled) {
            return;
        }
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd())
                .forceConflicts()
                .serverSideApply();
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(CRD_NAME)
                .waitUntilCondition(
                        crd ->
                                crd != null
                                        && crd.getStatus() != null
                                        && crd.getStatus().getConditions() != null
                                        && crd.getStatus().getConditions().stream()
                                                .anyMatch(
                                                        c ->
                                                                "Established".equals(c.getType())
                                                                        && "True"
                                                                                .equals(
                                                                                        c
                                                                                                .getStatus())),
                        60,
                        TimeUnit.SECONDS);
        crdInstalled = true;
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
