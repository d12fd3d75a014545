package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.reflow.gateway.config.KubernetesConfig;
import io.reflow.gateway.target.Resources;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceSpec;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredInstanceTest {

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
                    "/healthz",
                    "/rpc",
                    List.of("node"),
                    List.of("server.js"),
                    null,
                    IsolationBoundary.PER_USER,
                    null,
                    null,
                    new Resources(Map.of("cpu", "100m"), Map.of("memory", "512Mi")),
                    false);

    @Test
    void instanceCarriesTargetFieldsConfigLifetimesAndSecret() {
        MCPInstance instance = DesiredInstance.desired(TARGET, KEY, "abc", CONFIG, Instant.EPOCH);
        MCPInstanceSpec spec = instance.getSpec();
        String name = McpResources.instanceName("github", KEY);

        assertThat(instance.getMetadata().getName()).isEqualTo(name);
        assertThat(instance.getMetadata().getNamespace()).isEqualTo("reflow");
        assertThat(spec.getImage()).isEqualTo("ghcr.io/org/mcp-github:1");
        assertThat(spec.getPort()).isEqualTo(9000);
        assertThat(spec.getHealthPath()).isEqualTo("/healthz");
        assertThat(spec.getMcpPath()).isEqualTo("/rpc");
        assertThat(spec.getCommand()).containsExactly("node");
        assertThat(spec.getArgs()).containsExactly("server.js");
        assertThat(spec.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"));
        assertThat(spec.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(spec.getIdleTTL()).isEqualTo("30m");
        assertThat(spec.getMaxLifetime()).isEqualTo("24h");
        assertThat(spec.getSecretName()).isEqualTo(name + "-env");
        assertThat(spec.getSubjectKey()).isEqualTo(KEY);
        assertThat(spec.getTargetName()).isEqualTo("github");
        assertThat(instance.getMetadata().getLabels())
                .containsEntry(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                .containsEntry(McpResources.LABEL_TARGET, "github")
                .containsEntry(McpResources.LABEL_INSTANCE, name);
        assertThat(instance.getMetadata().getAnnotations())
                .containsEntry(McpResources.ANNOTATION_SECRET_HASH, "abc")
                .containsEntry(McpResources.ANNOTATION_LAST_ACTIVITY, "1970-01-01T00:00:00Z");
    }

    @Test
    void defaultsPortAndMcpPathAndLeavesResourcesUnset() {
        Target bare =
                new Target(
                        "bare",
                        TransportType.KUBERNETES,
                        null,
                        "img",
                        null,
                        "",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false);

        MCPInstanceSpec spec =
                DesiredInstance.desired(bare, KEY, "h", CONFIG, Instant.EPOCH).getSpec();

        assertThat(spec.getPort()).isEqualTo(8080);
        assertThat(spec.getMcpPath()).isEqualTo("/mcp");
        assertThat(spec.getHealthPath()).isNull();
        assertThat(spec.getResources()).isNull();
    }

    @Test
    void applyTargetReportsWhetherAnythingChanged() {
        MCPInstanceSpec spec = DesiredInstance.spec(TARGET);
        Target newImage =
                new Target(
                        TARGET.name(),
                        TARGET.transportType(),
                        null,
                        "ghcr.io/org/mcp-github:2",
                        TARGET.port(),
                        TARGET.healthPath(),
                        TARGET.mcpPath(),
                        TARGET.command(),
                        TARGET.args(),
                        null,
                        TARGET.isolationBoundary(),
                        null,
                        null,
                        TARGET.resources(),
                        false);

        assertThat(DesiredInstance.applyTarget(spec, TARGET)).isFalse();
        assertThat(DesiredInstance.applyTarget(spec, newImage)).isTrue();
        assertThat(spec.getImage()).isEqualTo("ghcr.io/org/mcp-github:2");
    }

    @Test
    void secretHoldsEnvAsDataWithInstanceLabelsAndIsOwnedByTheStoredInstance() {
        MCPInstance stored = DesiredInstance.desired(TARGET, KEY, "abc", CONFIG, Instant.EPOCH);
        stored.getMetadata().setUid("uid-of-the-stored-instance");

        Secret secret = InstanceSecrets.desired(stored, Map.of("TOKEN", "s3cr3t"));

        assertThat(secret.getMetadata().getName())
                .isEqualTo(McpResources.instanceName("github", KEY) + "-env");
        assertThat(secret.getData())
                .containsEntry(
                        "TOKEN",
                        Base64.getEncoder()
                                .encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8)));
        assertThat(secret.getMetadata().getLabels())
                .containsEntry(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                .containsEntry(McpResources.LABEL_SUBJECT_HASH, McpResources.subjectHash(KEY));
        assertThat(InstanceSecrets.decode(secret)).containsExactly(Map.entry("TOKEN", "s3cr3t"));
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        owner -> {
                            assertThat(owner.getKind()).isEqualTo("MCPInstance");
                            assertThat(owner.getApiVersion()).isEqualTo("mcp.reflow.io/v1alpha1");
                            assertThat(owner.getName())
                                    .isEqualTo(McpResources.instanceName("github", KEY));
                            assertThat(owner.getUid()).isEqualTo("uid-of-the-stored-instance");
                            assertThat(owner.getBlockOwnerDeletion()).isNull();
                        });
    }

    @Test
    void contentHashIgnoresOrderAndSeparatesKeysFromValues() {
        assertThat(InstanceSecrets.contentHash(Map.of("A", "1", "B", "2")))
                .isEqualTo(InstanceSecrets.contentHash(Map.of("B", "2", "A", "1")))
                .isNotEqualTo(InstanceSecrets.contentHash(Map.of("A", "12", "B", "")))
                .isNotEqualTo(InstanceSecrets.contentHash(Map.of("A1", "", "B", "2")));
        assertThat(InstanceSecrets.contentHash(Map.of())).hasSize(64);
    }
}
