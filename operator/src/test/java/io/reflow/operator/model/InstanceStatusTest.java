package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.mcp.api.McpResources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstanceStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final MCPInstance BASE = InstancePodTest.BASE;

    @Test
    void podWithoutStatusIsStarting() {
        MCPInstanceStatus status = InstanceStatus.observed(BASE, pod(), service("10.0.0.1"), NOW);

        assertThat(status.getPhase()).isEqualTo(InstancePhase.Starting);
        assertThat(status.getPodName()).isEqualTo("github-0123456789");
        assertThat(status.getServiceName()).isEqualTo("github-0123456789");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getConditions().get(0).getType()).isEqualTo("Ready");
        assertThat(status.getConditions().get(0).getStatus()).isEqualTo("False");
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("PodStarting");
    }

    @Test
    void readyPodWithServiceIsReadyWithEndpointAndStartedAt() {
        MCPInstanceStatus status =
                InstanceStatus.observed(
                        BASE, readyPod("2026-11-24T09:59:00Z"), service("10.0.0.1"), NOW);

        assertThat(status.getPhase()).isEqualTo(InstancePhase.Ready);
        assertThat(status.getEndpoint()).isEqualTo("http://10.0.0.1:8080");
        assertThat(status.getStartedAt()).isEqualTo("2026-11-24T09:59:00Z");
        assertThat(status.getConditions().get(0).getStatus()).isEqualTo("True");
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("PodReady");
    }

    @Test
    void readyPodBuiltWithEarlierCredentialsIsBeingReplacedNotReady() {
        MCPInstance rotated = withSecretHash(BASE, "new-credentials");

        MCPInstanceStatus status =
                InstanceStatus.observed(
                        rotated, readyPod("2026-11-24T09:59:00Z"), service("10.0.0.1"), NOW);

        assertThat(status.getPhase()).isEqualTo(InstancePhase.Pending);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("PodReplacing");
        assertThat(status.getSecretHash()).isEqualTo("new-credentials");
    }

    @Test
    void readyStatusNamesTheCredentialsItWasObservedWith() {
        MCPInstance instance = withSecretHash(BASE, "current");
        Pod pod =
                new PodBuilder(InstancePod.desired(instance))
                        .withStatus(readyPod("2026-11-24T09:59:00Z").getStatus())
                        .build();

        MCPInstanceStatus status = InstanceStatus.observed(instance, pod, service("10.0.0.1"), NOW);

        assertThat(status.getPhase()).isEqualTo(InstancePhase.Ready);
        assertThat(status.getSecretHash()).isEqualTo("current");
        assertThat(InstanceStatus.observed(BASE, pod(), null, NOW).getSecretHash())
                .as("no annotation, no hash")
                .isNull();
    }

    @Test
    void readyPodWithoutServiceIsNotReady() {
        MCPInstanceStatus status =
                InstanceStatus.observed(BASE, readyPod("2026-11-24T09:59:00Z"), null, NOW);

        assertThat(status.getPhase()).isEqualTo(InstancePhase.Starting);
        assertThat(status.getEndpoint()).isNull();
    }

    @Test
    void missingPodIsPending() {
        assertThat(InstanceStatus.observed(BASE, null, service("10.0.0.1"), NOW).getPhase())
                .isEqualTo(InstancePhase.Pending);
    }

    @Test
    void imagePullBackOffIsFailedWithReasonAndMessage() {
        Pod pod =
                new PodBuilder(pod())
                        .withNewStatus()
                        .addNewContainerStatus()
                        .withName("mcp")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ImagePullBackOff")
                        .withMessage("pull access denied")
                        .endWaiting()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build();

        MCPInstanceStatus status = InstanceStatus.observed(BASE, pod, service("10.0.0.1"), NOW);

        assertThat(status.getPhase()).isEqualTo(InstancePhase.Failed);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("ImagePullBackOff");
        assertThat(status.getMessage())
                .isEqualTo("container mcp: ImagePullBackOff: pull access denied");
    }

    @Test
    void sameObservationGivesAnEqualStatusSoNothingIsWritten() {
        MCPInstanceStatus first = InstanceStatus.observed(BASE, pod(), service("10.0.0.1"), NOW);
        MCPInstance stored = new MCPInstanceBuilder(BASE).withStatus(first).build();

        MCPInstanceStatus second =
                InstanceStatus.observed(stored, pod(), service("10.0.0.1"), NOW.plusSeconds(60));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void transitionTimeChangesOnlyWhenTheConditionFlips() {
        MCPInstanceStatus starting = InstanceStatus.observed(BASE, pod(), service("10.0.0.1"), NOW);
        MCPInstance stored = new MCPInstanceBuilder(BASE).withStatus(starting).build();

        MCPInstanceStatus ready =
                InstanceStatus.observed(
                        stored,
                        readyPod("2026-11-24T10:01:00Z"),
                        service("10.0.0.1"),
                        NOW.plusSeconds(60));

        assertThat(ready.getConditions().get(0).getLastTransitionTime())
                .isEqualTo("2026-11-24T10:01:00Z");
    }

    @Test
    void mirrorsTheLastActivityAnnotation() {
        MCPInstance active =
                new MCPInstanceBuilder(BASE)
                        .editMetadata()
                        .addToAnnotations(
                                McpResources.ANNOTATION_LAST_ACTIVITY, "2026-11-24T09:30:00Z")
                        .endMetadata()
                        .build();

        assertThat(InstanceStatus.observed(active, pod(), null, NOW).getLastActivityAt())
                .isEqualTo("2026-11-24T09:30:00Z");
    }

    @Test
    void missingSecretWaitsWhileInvalidSpecAndForeignSecretFailWithTheirReason() {
        MCPInstanceStatus missing =
                InstanceStatus.refused(BASE, SecretPolicy.refusal(BASE, null).orElseThrow(), NOW);
        MCPInstanceStatus foreign =
                InstanceStatus.refused(
                        BASE, new Refusal("SecretNotOwned", "Secret ... is not mounted"), NOW);
        MCPInstanceStatus invalid = InstanceStatus.invalid(BASE, "spec.port must be ...", NOW);

        assertThat(missing.getPhase()).isEqualTo(InstancePhase.Pending);
        assertThat(missing.getMessage()).contains("github-0123456789-env");
        assertThat(missing.getConditions().get(0).getReason()).isEqualTo("SecretNotFound");
        assertThat(foreign.getPhase()).isEqualTo(InstancePhase.Failed);
        assertThat(foreign.getConditions().get(0).getReason()).isEqualTo("SecretNotOwned");
        assertThat(foreign.getConditions().get(0).getStatus()).isEqualTo("False");
        assertThat(invalid.getConditions().get(0).getReason()).isEqualTo("InvalidSpec");
        assertThat(invalid.getMessage()).isEqualTo("spec.port must be ...");
    }

    private static MCPInstance withSecretHash(MCPInstance instance, String hash) {
        return new MCPInstanceBuilder(instance)
                .editMetadata()
                .addToAnnotations(McpResources.ANNOTATION_SECRET_HASH, hash)
                .endMetadata()
                .build();
    }

    private static Pod pod() {
        return InstancePod.desired(BASE);
    }

    private static Pod readyPod(String since) {
        return new PodBuilder(pod())
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(since)
                .endCondition()
                .endStatus()
                .build();
    }

    private static Service service(String clusterIp) {
        return new ServiceBuilder(InstanceService.desired(BASE))
                .editSpec()
                .withClusterIP(clusterIp)
                .endSpec()
                .build();
    }
}
