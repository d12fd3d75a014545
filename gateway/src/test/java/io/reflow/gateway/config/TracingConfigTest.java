package io.reflow.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingConfigTest {

    @Test
    void isOffWithoutAnEndpoint() {
        TracingConfig tracing = GatewayConfig.fromYaml("", Map.of()).tracing();
        assertThat(tracing.enabled()).isFalse();
        assertThat(tracing.serviceName()).isEqualTo("reflow-gateway");
        assertThat(tracing.sampleRatio()).isEqualTo(1.0);
    }

    @Test
    void readsTheBlockAndPostsToTheTracesPath() {
        TracingConfig tracing =
                GatewayConfig.fromYaml(
                                """
                                tracing:
                                  otlp_endpoint: http://collector:4318/
                                  service_name: edge-gateway
                                  sample_ratio: 0.25
                                """,
                                Map.of())
                        .tracing();
        assertThat(tracing.enabled()).isTrue();
        assertThat(tracing.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(tracing.serviceName()).isEqualTo("edge-gateway");
        assertThat(tracing.sampleRatio()).isEqualTo(0.25);
    }

    @Test
    void takesTheStandardOpenTelemetryVariablesWhenTheFileSetsNone() {
        TracingConfig tracing =
                GatewayConfig.fromYaml(
                                "",
                                Map.of(
                                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                                        "https://otel.example:4318",
                                        "OTEL_SERVICE_NAME",
                                        "gw-east"))
                        .tracing();
        assertThat(tracing.tracesUrl()).isEqualTo("https://otel.example:4318/v1/traces");
        assertThat(tracing.serviceName()).isEqualTo("gw-east");
    }

    @Test
    void theFileWinsOverTheVariables() {
        TracingConfig tracing =
                GatewayConfig.fromYaml(
                                "tracing: { otlp_endpoint: http://from-file:4318 }",
                                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4318"))
                        .tracing();
        assertThat(tracing.otlpEndpoint()).isEqualTo("http://from-file:4318");
    }

    @Test
    void namesTheKeyOfABadValue() {
        assertBad("tracing: { otlp_endpoint: collector:4318 }", Map.of(), "tracing.otlp_endpoint:");
        assertBad("tracing: { otlp_endpoint: ftp://c }", Map.of(), "tracing.otlp_endpoint:");
        assertBad(
                "", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "nope"), "OTEL_EXPORTER_OTLP_ENDPOINT:");
        assertBad(
                "tracing: { sample_ratio: 1.5 }",
                Map.of(),
                "tracing.sample_ratio: 1.5 is outside 0..1");
        assertBad(
                "tracing: { sample_ratio: half }",
                Map.of(),
                "tracing.sample_ratio: 'half' is not a number");
        assertBad("tracing: { endpoint: http://c }", Map.of(), "tracing.endpoint: unknown key");
    }

    @Test
    void hidesCredentialsOfTheEndpointInItsDescription() {
        String text =
                GatewayConfig.fromYaml(
                                "tracing: { otlp_endpoint: \"https://user:s3cret@c:4318?key=k\" }",
                                Map.of())
                        .toString();
        assertThat(text).contains("tracing=TracingConfig[otlpEndpoint=https://c:4318");
        assertThat(text).doesNotContain("s3cret").doesNotContain("key=k");
    }

    private static void assertBad(String yaml, Map<String, String> env, String message) {
        assertThatThrownBy(() -> GatewayConfig.fromYaml(yaml, env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
