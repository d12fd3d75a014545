package io.reflow.mcp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpResourcesTest {

    @Test
    void instanceNameIsTargetAndTenHexOfSubjectKeyHash() {
        String name = McpResources.instanceName("github", "user:abc123");

        assertThat(name).matches("github-[0-9a-f]{10}");
        assertThat(name)
                .endsWith(McpResources.sha256Hex("user:abc123").substring(0, 10))
                .isEqualTo(McpResources.instanceName("github", "user:abc123"));
    }

    @Test
    void namesOfTheLongestTargetFitInADnsLabelWithSecretSuffix() {
        String target = "a".repeat(McpResources.MAX_TARGET_NAME_LENGTH);
        String instance = McpResources.instanceName(target, "user:x");

        assertThat(McpResources.secretName(instance)).hasSizeLessThanOrEqualTo(63);
        assertThat(instance).matches(McpResources.DNS_LABEL_PATTERN);
    }

    @Test
    void rejectsTargetNamesThatWouldNeedTruncation() {
        String tooLong = "a".repeat(McpResources.MAX_TARGET_NAME_LENGTH + 1);

        assertThatThrownBy(() -> McpResources.instanceName(tooLong, "user:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetName");
    }

    @Test
    void rejectsSubjectKeysWithPlainIdentitiesOrNoBoundary() {
        assertThatThrownBy(() -> McpResources.instanceName("t", "alice@example.com"))
                .hasMessageContaining("subjectKey");
        assertThatThrownBy(() -> McpResources.instanceName("t", "owner:abc"))
                .hasMessageContaining("subjectKey");
    }

    @Test
    void distinctSubjectsGetDistinctInstanceNames() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            names.add(McpResources.instanceName("t", "user:" + McpResources.sha256Hex("u" + i)));
        }

        assertThat(names).hasSize(20_000);
    }

    @Test
    void labelsNameTargetInstanceSubjectHashAndManager() {
        var labels =
                McpResources.instanceLabels("github", "user:abc", McpResources.MANAGED_BY_GATEWAY);

        assertThat(labels)
                .containsEntry("app.kubernetes.io/managed-by", "reflow-gateway")
                .containsEntry("mcp.reflow.io/target", "github")
                .containsEntry(
                        "mcp.reflow.io/instance", McpResources.instanceName("github", "user:abc"))
                .containsEntry("mcp.reflow.io/subject-hash", McpResources.subjectHash("user:abc"));
        assertThat(labels.values()).allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63));
    }
}
