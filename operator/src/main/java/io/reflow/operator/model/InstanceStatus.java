package io.reflow.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.mcp.api.McpResources;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The status an instance should have, from what the operator observed. Pure: the same inputs give
 * an equal status, so an unchanged instance is never written.
 */
public final class InstanceStatus {

    /** Type of the condition that says whether the instance serves MCP traffic. */
    public static final String READY = "Ready";

    /** Container waiting reasons that mean the image cannot run as specified. */
    private static final Set<String> FAILING_REASONS =
            Set.of(
                    "ErrImagePull",
                    "ImagePullBackOff",
                    "InvalidImageName",
                    "ErrImageNeverPull",
                    "CrashLoopBackOff",
                    "CreateContainerConfigError",
                    "CreateContainerError",
                    "RunContainerError");

    private InstanceStatus() {}

    /** The spec cannot be run: phase Failed, reason InvalidSpec, the message names the field. */
    public static MCPInstanceStatus invalid(MCPInstance instance, String problem, Instant now) {
        return status(instance, InstancePhase.Failed, "InvalidSpec", problem, null, null, now);
    }

    /**
     * The instance cannot run now: phase Pending while it only waits (its Secret is not there yet),
     * else Failed; the Ready condition carries the refusal's reason and message.
     */
    public static MCPInstanceStatus refused(MCPInstance instance, Refusal refusal, Instant now) {
        InstancePhase phase = refusal.waiting() ? InstancePhase.Pending : InstancePhase.Failed;
        return status(instance, phase, refusal.reason(), refusal.message(), null, null, now);
    }

    /**
     * The API server refused a write of the instance's Pod or Service: phase Failed, keeping what
     * was observed so far (Pod and Service names, endpoint).
     */
    public static MCPInstanceStatus refused(
            MCPInstance instance, Refusal refusal, Pod pod, Service service, Instant now) {
        MCPInstanceStatus status =
                status(
                        instance,
                        InstancePhase.Failed,
                        refusal.reason(),
                        refusal.message(),
                        pod,
                        service,
                        now);
        status.setEndpoint(
                service == null
                        ? null
                        : InstanceService.endpoint(service, instance.getSpec().getPort()));
        return status;
    }

    /** The instance is being deleted. */
    public static MCPInstanceStatus terminating(MCPInstance instance, Instant now) {
        return status(
                instance,
                InstancePhase.Terminating,
                "Terminating",
                "instance is being deleted",
                null,
                null,
                now);
    }

    /**
     * The status from the instance's Pod and Service (either may be null while being created or
     * replaced).
     */
    public static MCPInstanceStatus observed(
            MCPInstance instance, Pod pod, Service service, Instant now) {
        String endpoint =
                service == null
                        ? null
                        : InstanceService.endpoint(service, instance.getSpec().getPort());
        MCPInstanceStatus status;
        if (pod == null) {
            status =
                    status(
                            instance,
                            InstancePhase.Pending,
                            "PodCreating",
                            "creating Pod",
                            null,
                            service,
                            now);
        } else if (pod.getMetadata().getDeletionTimestamp() != null || outdated(instance, pod)) {
            status =
                    status(
                            instance,
                            InstancePhase.Pending,
                            "PodReplacing",
                            "Pod " + pod.getMetadata().getName() + " is being replaced",
                            null,
                            service,
                            now);
        } else {
            status = fromPod(instance, pod, service, endpoint, now);
        }
        status.setEndpoint(endpoint);
        return status;
    }

    // A Pod built from another template (older credentials) never makes the instance Ready,
    // even while the operator's cache still shows it after deleting it.
    private static boolean outdated(MCPInstance instance, Pod pod) {
        return !Objects.equals(
                InstancePod.templateHash(pod),
                InstancePod.templateHash(InstancePod.desired(instance)));
    }

    private static MCPInstanceStatus fromPod(
            MCPInstance instance, Pod pod, Service service, String endpoint, Instant now) {
        Optional<ContainerStatus> failing = failingContainer(pod);
        if (failing.isPresent()) {
            String reason = failing.get().getState().getWaiting().getReason();
            String detail = failing.get().getState().getWaiting().getMessage();
            return status(
                    instance,
                    InstancePhase.Failed,
                    reason,
                    ApiRefusal.bounded(
                            "container "
                                    + failing.get().getName()
                                    + ": "
                                    + reason
                                    + (detail == null || detail.isEmpty() ? "" : ": " + detail)),
                    pod,
                    service,
                    now);
        }
        if ("Failed".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
            return status(
                    instance,
                    InstancePhase.Starting,
                    "PodFailed",
                    "Pod " + pod.getMetadata().getName() + " failed; recreating it",
                    pod,
                    service,
                    now);
        }
        Optional<PodCondition> ready = readyCondition(pod);
        if (ready.isPresent() && endpoint != null) {
            MCPInstanceStatus status =
                    status(
                            instance,
                            InstancePhase.Ready,
                            "PodReady",
                            "MCP server is ready at " + endpoint,
                            pod,
                            service,
                            now);
            status.setStartedAt(startedAt(instance, pod, ready.get(), now));
            return status;
        }
        return status(
                instance,
                InstancePhase.Starting,
                "PodStarting",
                "waiting for Pod " + pod.getMetadata().getName() + " to become Ready",
                pod,
                service,
                now);
    }

    private static String startedAt(
            MCPInstance instance, Pod pod, PodCondition ready, Instant now) {
        if (ready.getLastTransitionTime() != null && !ready.getLastTransitionTime().isEmpty()) {
            return ready.getLastTransitionTime();
        }
        MCPInstanceStatus previous = instance.getStatus();
        if (previous != null
                && previous.getPhase() == InstancePhase.Ready
                && pod.getMetadata().getName().equals(previous.getPodName())
                && previous.getStartedAt() != null) {
            return previous.getStartedAt();
        }
        return rfc3339(now);
    }

    /** An instant as RFC 3339 with whole seconds, as Kubernetes writes times. */
    public static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Optional<ContainerStatus> failingContainer(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .filter(c -> FAILING_REASONS.contains(c.getState().getWaiting().getReason()))
                .findFirst();
    }

    private static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> READY.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static MCPInstanceStatus status(
            MCPInstance instance,
            InstancePhase phase,
            String reason,
            String message,
            Pod pod,
            Service service,
            Instant now) {
        MCPInstanceStatus status = new MCPInstanceStatus();
        status.setPhase(phase);
        status.setMessage(message);
        status.setObservedGeneration(instance.getMetadata().getGeneration());
        status.setPodName(pod == null ? null : pod.getMetadata().getName());
        status.setServiceName(service == null ? null : service.getMetadata().getName());
        status.setLastActivityAt(lastActivity(instance));
        String secretHash = InstancePod.secretHash(instance);
        status.setSecretHash(secretHash.isEmpty() ? null : secretHash);
        status.setConditions(conditions(instance, phase, reason, message, now));
        return status;
    }

    private static String lastActivity(MCPInstance instance) {
        Map<String, String> annotations = instance.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(McpResources.ANNOTATION_LAST_ACTIVITY);
    }

    private static List<Condition> conditions(
            MCPInstance instance, InstancePhase phase, String reason, String message, Instant now) {
        String value = phase == InstancePhase.Ready ? "True" : "False";
        List<Condition> previous =
                instance.getStatus() == null ? List.of() : instance.getStatus().getConditions();
        String since = rfc3339(now);
        List<Condition> conditions = new ArrayList<>();
        for (Condition condition : previous) {
            if (READY.equals(condition.getType())) {
                if (value.equals(condition.getStatus())
                        && condition.getLastTransitionTime() != null) {
                    since = condition.getLastTransitionTime();
                }
            } else {
                conditions.add(condition);
            }
        }
        conditions.add(
                0,
                new ConditionBuilder()
                        .withType(READY)
                        .withStatus(value)
                        .withReason(reason)
                        .withMessage(message)
                        .withObservedGeneration(instance.getMetadata().getGeneration())
                        .withLastTransitionTime(since)
                        .build());
        return conditions;
    }
}
