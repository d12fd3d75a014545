package io.reflow.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.gateway.access.Effect;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code policies} list and {@code audit} block of the config file. */
class AccessConfigTest {

    @Test
    void readsStaticPoliciesAsReadOnlyWithEnvExpansion() {
        GatewayConfig config =
                GatewayConfig.fromYaml(
                        """
                        policies:
                          - id: devs-tools
                            target_id: "${TARGET}"
                            resource_type: tool
                            resource_pattern: "^get-"
                            effect: allow
                            priority: 5
                            subjects: [{ subject_type: role, subject_value: dev }]
                        """,
                        Map.of("TARGET", "everything"));
        assertThat(config.policies())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.targetId()).isEqualTo("everything");
                            assertThat(p.effect()).isEqualTo(Effect.ALLOW);
                            assertThat(p.readOnly()).isTrue();
                        });
    }

    @Test
    void namesTheListIndexAndFieldOfABadPolicy() {
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromYaml(
                                        """
                                        policies:
                                          - { id: a, effect: allow, subjects: [{subject_type: everyone}] }
                                          - { id: b, effect: allow, resource_pattern: "(?<=x)",
                                              subjects: [{subject_type: everyone}] }
                                        """,
                                        Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("policies[1].resource_pattern: is not a valid RE2");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromYaml(
                                        """
                                        policies:
                                          - { effect: allow, subjects: [{subject_type: everyone}] }
                                        """,
                                        Map.of()))
                .hasMessage("policies[0].id: is required");
        assertThatThrownBy(
                        () ->
                                GatewayConfig.fromYaml(
                                        """
                                        policies:
                                          - { id: a, effect: deny, subjects: [{subject_type: everyone}] }
                                          - { id: a, effect: allow, subjects: [{subject_type: everyone}] }
                                        """,
                                        Map.of()))
                .hasMessage("policies[1].id: 'a' is defined twice");
    }

    @Test
    void auditDefaultsToStdoutAndARingOfTenThousandNamedByTheHost() {
        AuditConfig audit = GatewayConfig.fromYaml("{}", Map.of("HOSTNAME", "pod-1")).audit();
        assertThat(audit.stdout()).isTrue();
        assertThat(audit.file()).isNull();
        assertThat(audit.ringSize()).isEqualTo(10_000);
        assertThat(audit.maxFiles()).isEqualTo(5);
        assertThat(audit.replica()).isEqualTo("pod-1");
    }

    @Test
    void readsTheAuditBlockAndNamesABadKey() {
        AuditConfig audit =
                GatewayConfig.fromYaml(
                                "audit: { stdout: false, file: /var/log/a.log, max_file_bytes:"
                                        + " 2048, max_files: 2, ring_size: 50, replica: r2 }",
                                Map.of())
                        .audit();
        assertThat(audit.file()).isEqualTo(Path.of("/var/log/a.log"));
        assertThat(audit.maxFileBytes()).isEqualTo(2048);
        assertThat(audit.ringSize()).isEqualTo(50);
        assertThat(audit.replica()).isEqualTo("r2");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("audit: { ring_size: 0 }", Map.of()))
                .hasMessageContaining("audit.ring_size");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("audit: { files: 3 }", Map.of()))
                .hasMessageContaining("audit.files");
    }
}
