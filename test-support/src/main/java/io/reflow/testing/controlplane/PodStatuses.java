package io.reflow.testing.controlplane;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The Pod statuses a kubelet reports. */
final class PodStatuses {

    private static final String LOOPBACK = "127.0.0.1";

    private PodStatuses() {}

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static PodStatus running(Pod pod, String ip) {
        String now = now();
        List<ContainerStatus> containers =
                pod.getSpec().getContainers().stream()
                        .map(
                                c ->
                                        base(c.getName(), c.getImage())
                                                .withReady(true)
                                                .withStarted(true)
                                                .withNewState()
                                                .withNewRunning(now)
                                                .endState()
                                                .build())
                        .toList();
        return new PodStatusBuilder()
                .withPhase("Running")
                .withHostIP(ip)
                .withPodIP(ip)
                .withPodIPs(new PodIPBuilder().withIp(ip).build())
                .withStartTime(now)
                .withConditions(
                        condition("PodScheduled", "True", null, now),
                        condition("Initialized", "True", null, now),
                        condition("ContainersReady", "True", null, now),
                        condition("Ready", "True", null, now))
                .withContainerStatuses(containers)
                .build();
    }

    static PodStatus waitingForSecret(Pod pod, String missingSecret) {
        String now = now();
        String message = "secret \"" + missingSecret + "\" not found";
        List<ContainerStatus> containers =
                pod.getSpec().getContainers().stream()
                        .map(
                                c ->
                                        base(c.getName(), c.getImage())
                                                .withReady(false)
                                                .withStarted(false)
                                                .withNewState()
                                                .withNewWaiting(
                                                        message, "CreateContainerConfigError")
                                                .endState()
                                                .build())
                        .toList();
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withHostIP(LOOPBACK)
                .withConditions(
                        condition("PodScheduled", "True", null, now),
                        condition("Ready", "False", "ContainersNotReady", now))
                .withContainerStatuses(containers)
                .build();
    }

    static PodStatus crashed(Pod pod) {
        if (pod == null) {
            return null;
        }
        String now = now();
        List<ContainerStatus> containers =
                pod.getSpec().getContainers().stream()
                        .map(
                                c ->
                                        base(c.getName(), c.getImage())
                                                .withReady(false)
                                                .withStarted(false)
                                                .withNewState()
                                                .withNewTerminated()
                                                .withExitCode(137)
                                                .withReason("Error")
                                                .withFinishedAt(now)
                                                .endTerminated()
                                                .endState()
                                                .build())
                        .toList();
        return new PodStatusBuilder()
                .withPhase("Failed")
                .withHostIP(LOOPBACK)
                .withPodIP(LOOPBACK)
                .withPodIPs(new PodIPBuilder().withIp(LOOPBACK).build())
                .withConditions(
                        condition("PodScheduled", "True", null, now),
                        condition("ContainersReady", "False", "ContainersNotReady", now),
                        condition("Ready", "False", "ContainersNotReady", now))
                .withContainerStatuses(containers)
                .build();
    }

    private static ContainerStatusBuilder base(String name, String image) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withImage(image)
                .withImageID("")
                .withRestartCount(0);
    }

    private static PodCondition condition(String type, String status, String reason, String now) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withLastTransitionTime(now)
                .build();
    }
}
