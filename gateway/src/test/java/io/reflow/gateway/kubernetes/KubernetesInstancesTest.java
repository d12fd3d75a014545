package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.instances.InstanceView;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an MCPInstance the gateway made is shown by the instances API (pure). */
class KubernetesInstancesTest {

    private static final String KEY = "user:0123456789abcdef0123456789abcdef";
    private static final KubernetesConfig CONFIG =
            new KubernetesConfig(
                    true,
                    "reflow",
                    "",
                    Duration.ofMinutes(30),
                    Duration.ofHours(24),
                    Duration.ofMinutes(1),
                    100,
                    Duration.ofMinutes(2));
    private static final Target TARGET =
            new Target(
                    "github",
                    TransportType.KUBERNETES,
                    null,
                    "ghcr.io/org/mcp-github:1",
                    9000,
                    null,
                    null,
                    null,
                    null,
                    null,
                    IsolationBoundary.PER_USER,
                    null,
                    null,
                    null,
                    false);
    private static final MCPInstance BASE =
            DesiredInstance.desired(TARGET, KEY, "abc", CONFIG, Instant.EPOCH);

    @Test
    void newInstanceIsPendingWithItsTargetAndSubjectHashOnly() {
        InstanceView view = KubernetesInstances.view(BASE);

        assertThat(view.id()).isEqualTo(McpResources.instanceName("github", KEY));
        assertThat(view.target()).isEqualTo("github");
        assertThat(view.transport()).isEqualTo("kubernetes");
        assertThat(view.subjectHash()).isEqualTo(McpResources.subjectHash(KEY));
        assertThat(view.phase()).isEqualTo("Pending");
        assertThat(view.startedAt()).isNull();
        assertThat(view.endpoint()).isNull();
    }

    @Test
    void readyInstanceShowsStatusTimesReasonAndEndpoint() {
        MCPInstance ready =
                new MCPInstanceBuilder(BASE)
                        .withNewStatus()
                        .withPhase(InstancePhase.Ready)
                        .withEndpoint("http://10.96.0.12:9000")
                        .withStartedAt("2026-12-01T10:00:00Z")
                        .withLastActivityAt("2026-12-01T10:05:00Z")
                        .withConditions(
                                List.of(
                                        new ConditionBuilder()
                                                .withType("Ready")
                                                .withStatus("True")
                                                .withReason("PodReady")
                                                .build()))
                        .endStatus()
                        .build();

        InstanceView view = KubernetesInstances.view(ready);

        assertThat(view.phase()).isEqualTo("Ready");
        assertThat(view.reason()).isEqualTo("PodReady");
        assertThat(view.endpoint()).isEqualTo("http://10.96.0.12:9000");
        assertThat(view.startedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(view.lastActivityAt()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
    }

    @Test
    void instanceBeingDeletedIsTerminatingWhateverItsPhase() {
        MCPInstance deleting =
                new MCPInstanceBuilder(BASE)
                        .editMetadata()
                        .withDeletionTimestamp("2026-12-01T10:06:00Z")
                        .endMetadata()
                        .withNewStatus()
                        .withPhase(InstancePhase.Ready)
                        .withStartedAt("not a time")
                        .endStatus()
                        .build();

        InstanceView view = KubernetesInstances.view(deleting);

        assertThat(view.phase()).isEqualTo("Terminating");
        assertThat(view.startedAt()).isNull();
    }
}
