package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

    @Test
    void defaultsWatchTheNamespaceWithoutLeaderElection() {
        OperatorConfig config = OperatorConfig.defaults("team-a");

        assertThat(config.namespace()).isEqualTo("team-a");
        assertThat(config.defaultIdleTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.defaultMaxLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.leaseName()).isEqualTo("reflow-operator");
        assertThat(config.leaseNamespace()).isEqualTo("team-a");
        assertThat(config.identity()).startsWith("reflow-operator-");
    }

    @Test
    void emptyEnvironmentGivesProcessDefaults() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());

        assertThat(config.namespace()).isEqualTo("reflow");
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseNamespace()).isEqualTo("reflow");
        assertThat(config.serverPort()).isEqualTo(8081);
        assertThat(config.jsonLogs()).isFalse();
    }

    @Test
    void readsEveryVariable() {
        OperatorConfig config =
                OperatorConfig.fromEnvironment(
                        Map.of(
                                "REFLOW_NAMESPACE", "mcp",
                                "POD_NAMESPACE", "reflow-system",
                                "POD_NAME", "reflow-operator-7d9f",
                                "REFLOW_DEFAULT_IDLE_TTL", "10m",
                                "REFLOW_DEFAULT_MAX_LIFETIME", "2h",
                                "REFLOW_LEADER_ELECTION", "false",
                                "REFLOW_LEASE_NAME", "my-lease",
                                "SERVER_PORT", "9000",
                                "LOG_FORMAT", "json"));

        assertThat(config.namespace()).isEqualTo("mcp");
        assertThat(config.leaseNamespace()).isEqualTo("reflow-system");
        assertThat(config.identity()).isEqualTo("reflow-operator-7d9f");
        assertThat(config.defaultIdleTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.defaultMaxLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.leaseName()).isEqualTo("my-lease");
        assertThat(config.serverPort()).isEqualTo(9000);
        assertThat(config.jsonLogs()).isTrue();
    }

    @Test
    void watchedNamespaceFallsBackToThePodNamespace() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("POD_NAMESPACE", "ops"));

        assertThat(config.namespace()).isEqualTo("ops");
        assertThat(config.leaseNamespace()).isEqualTo("ops");
    }

    @Test
    void tracingIsOffUnlessTheStandardEndpointVariableIsSet() {
        assertThat(OperatorConfig.fromEnvironment(Map.of()).tracing().enabled()).isFalse();
        OperatorConfig.Tracing tracing =
                OperatorConfig.fromEnvironment(
                                Map.of(
                                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
                                        "OTEL_SERVICE_NAME", "ops-operator",
                                        "OTEL_TRACES_SAMPLER_ARG", "0.5"))
                        .tracing();
        assertThat(tracing.enabled()).isTrue();
        assertThat(tracing.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(tracing.serviceName()).isEqualTo("ops-operator");
        assertThat(tracing.sampleRatio()).isEqualTo(0.5);
        assertThat(OperatorConfig.fromEnvironment(Map.of()).tracing().serviceName())
                .isEqualTo("reflow-operator");
    }

    @Test
    void rejectsBadTracingValuesNamingTheVariable() {
        assertThatThrownBy(
                        () ->
                                OperatorConfig.fromEnvironment(
                                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")))
                .hasMessageStartingWith("OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL");
        assertThatThrownBy(
                        () ->
                                OperatorConfig.fromEnvironment(
                                        Map.of("OTEL_TRACES_SAMPLER_ARG", "2")))
                .hasMessageStartingWith("OTEL_TRACES_SAMPLER_ARG: '2' is not a number from 0 to 1");
    }

    @Test
    void rejectsInvalidValuesNamingTheVariable() {
        assertThatThrownBy(
                        () ->
                                OperatorConfig.fromEnvironment(
                                        Map.of("REFLOW_DEFAULT_IDLE_TTL", "soon")))
                .hasMessageStartingWith("REFLOW_DEFAULT_IDLE_TTL");
        assertThatThrownBy(
                        () ->
                                OperatorConfig.fromEnvironment(
                                        Map.of("REFLOW_DEFAULT_MAX_LIFETIME", "0s")))
                .hasMessageStartingWith("REFLOW_DEFAULT_MAX_LIFETIME");
        assertThatThrownBy(
                        () ->
                                OperatorConfig.fromEnvironment(
                                        Map.of("REFLOW_LEADER_ELECTION", "yes")))
                .hasMessageStartingWith("REFLOW_LEADER_ELECTION");
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("SERVER_PORT", "http")))
                .hasMessageStartingWith("SERVER_PORT");
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("LOG_FORMAT", "xml")))
                .hasMessageStartingWith("LOG_FORMAT");
        assertThatThrownBy(
                        () ->
                                OperatorConfig.fromEnvironment(
                                        Map.of("REFLOW_NAMESPACE", "Not_A_Name")))
                .hasMessageStartingWith("REFLOW_NAMESPACE");
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("REFLOW_LEASE_NAME", "a b")))
                .hasMessageStartingWith("REFLOW_LEASE_NAME");
    }

    @Test
    void rejectsARenewDeadlineNotShorterThanTheLease() {
        OperatorConfig config = OperatorConfig.defaults("reflow");

        assertThatThrownBy(
                        () ->
                                config.withLeaseTiming(
                                        Duration.ofSeconds(5),
                                        Duration.ofSeconds(5),
                                        Duration.ofSeconds(1)))
                .hasMessageContaining("renewDeadline");
    }
}
