package io.reflow.gateway.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.mcp.api.McpResources;
import java.time.Duration;
import java.util.List;

/**
 * States a test puts an instance in where the node stand-in cannot: the kubelet's part for a Pod of
 * a namespace the node does not serve (e.g. an image that cannot be pulled), or an operator's
 * status write while no operator runs.
 */
final class InstanceStates {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KubernetesClient admin;
    private final String namespace;

    InstanceStates(KubernetesClient admin, String namespace) {
        this.admin = admin;
        this.namespace = namespace;
    }

    /**
     * Waits until the real operator has created the instance's Pod (and the scheduler bound it).
     */
    Pod awaitPod(String instanceName) {
        String pod = McpResources.podName(instanceName);
        return await().atMost(WAIT)
                .until(
                        () -> admin.pods().inNamespace(namespace).withName(pod).get(),
                        p -> p != null && p.getSpec().getNodeName() != null);
    }

    /** Waits until the instance exists. */
    void awaitInstance(String instanceName) {
        await().atMost(WAIT)
                .until(
                        () ->
                                admin.resources(MCPInstance.class)
                                                .inNamespace(namespace)
                                                .withName(instanceName)
                                                .get()
                                        != null);
    }

    /**
     * Reports, as the kubelet does, that the instance's container waits with {@code reason} (e.g.
     * {@code ImagePullBackOff}) and {@code message}.
     */
    void containerWaiting(String instanceName, String reason, String message) {
        Pod pod = awaitPod(instanceName);
        admin.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .editStatus(
                        p -> {
                            p.setStatus(
                                    new PodStatusBuilder()
                                            .withPhase("Pending")
                                            .withContainerStatuses(
                                                    new ContainerStatusBuilder()
                                                            .withName(
                                                                    p.getSpec()
                                                                            .getContainers()
                                                                            .get(0)
                                                                            .getName())
                                                            .withImage(
                                                                    p.getSpec()
                                                                            .getContainers()
                                                                            .get(0)
                                                                            .getImage())
                                                            .withImageID("")
                                                            .withReady(false)
                                                            .withRestartCount(0)
                                                            .withNewState()
                                                            .withNewWaiting()
                                                            .withReason(reason)
                                                            .withMessage(message)
                                                            .endWaiting()
                                                            .endState()
                                                            .build())
                                            .build());
                            return p;
                        });
    }

    /**
     * Writes the instance's status as an operator would: {@code phase} with a {@code Ready=False}
     * condition of {@code reason} and {@code message}.
     */
    void operatorReports(String instanceName, InstancePhase phase, String reason, String message) {
        admin.resources(MCPInstance.class)
                .inNamespace(namespace)
                .withName(instanceName)
                .editStatus(
                        instance -> {
                            MCPInstanceStatus status = new MCPInstanceStatus();
                            status.setPhase(phase);
                            status.setMessage(message);
                            status.setObservedGeneration(instance.getMetadata().getGeneration());
                            status.setSecretHash(McpResources.secretHash(instance));
                            status.setConditions(
                                    List.of(
                                            new ConditionBuilder()
                                                    .withType("Ready")
                                                    .withStatus("False")
                                                    .withReason(reason)
                                                    .withMessage(message)
                                                    .withLastTransitionTime(
                                                            java.time.Instant.now()
                                                                    .truncatedTo(
                                                                            java.time.temporal
                                                                                    .ChronoUnit
                                                                                    .SECONDS)
                                                                    .toString())
                                                    .build()));
                            instance.setStatus(status);
                            return instance;
                        });
    }
}
