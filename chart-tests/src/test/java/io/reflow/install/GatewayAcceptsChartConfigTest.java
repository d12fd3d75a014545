package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.reflow.gateway.config.GatewayConfig;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's own config loader accepts the config file the chart renders, with the generated
 * Secret as its environment, and ends up with what the values asked for.
 */
class GatewayAcceptsChartConfigTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reflow.install.ValueMatrix#gatewayVariants")
    void loadsTheRenderedConfig(String variant, Map<String, Object> values) {
        Manifests rendered = HelmChart.with(values).render();
        Map<String, String> env = new HashMap<>();
        Secret secret = rendered.find(Secret.class, "reflow-gateway").orElse(null);
        if (secret == null) {
            env.putAll(existingSecret());
        } else {
            secret.getData()
                    .forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v))));
        }
        String yaml = rendered.get(ConfigMap.class, "reflow-gateway").getData().get("gateway.yaml");

        GatewayConfig config = GatewayConfig.fromYaml(yaml, env);

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.kubernetes().enabled()).isTrue();
        assertThat(config.kubernetes().kubeconfig()).isEmpty();
        assertThat(config.kubernetes().namespace())
                .isEqualTo(values.getOrDefault("instanceNamespace", HelmChart.NAMESPACE));
        assertThat(config.store().kind().name().toLowerCase(java.util.Locale.ROOT))
                .isEqualTo(values.getOrDefault("gateway.config.store.kind", "kubernetes"));
        assertThat(config.encryption().key())
                .isEqualTo(Base64.getDecoder().decode(env.get("ENCRYPTION_KEY")));
        assertThat(config.auth().adminTokens()).containsExactly(env.get("REFLOW_ADMIN_TOKEN"));
    }

    @Test
    void passesOAuthDiscoveryToTheGateway() {
        Manifests rendered =
                HelmChart.defaults()
                        .set("gateway.config.auth.jwt.jwks_url", "https://idp.example.com/keys")
                        .set("gateway.config.auth.jwt.issuer", "https://idp.example.com/realms/r")
                        .set("gateway.config.auth.oauth.resource", "https://reflow.example.com/mcp")
                        .set("gateway.config.auth.oauth.scopes[0]", "mcp")
                        .render();
        Map<String, String> env = new HashMap<>();
        rendered.get(Secret.class, "reflow-gateway")
                .getData()
                .forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v))));
        String yaml = rendered.get(ConfigMap.class, "reflow-gateway").getData().get("gateway.yaml");

        GatewayConfig config = GatewayConfig.fromYaml(yaml, env);

        assertThat(config.auth().oauth().resource()).isEqualTo("https://reflow.example.com/mcp");
        assertThat(config.auth().oauth().authorizationServers())
                .containsExactly("https://idp.example.com/realms/r");
        assertThat(config.auth().oauth().scopes()).containsExactly("mcp");
    }

    @Test
    void passesTheConsolesIdentityProviderSignInToTheGateway() {
        Manifests rendered =
                HelmChart.defaults()
                        .set("gateway.config.auth.jwt.jwks_url", "https://idp.example.com/keys")
                        .set("gateway.config.auth.jwt.issuer", "https://idp.example.com/realms/r")
                        .set("gateway.config.ui.oidc.client_id", "reflow-console")
                        .render();
        Map<String, String> env = new HashMap<>();
        rendered.get(Secret.class, "reflow-gateway")
                .getData()
                .forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v))));
        String yaml = rendered.get(ConfigMap.class, "reflow-gateway").getData().get("gateway.yaml");

        GatewayConfig config = GatewayConfig.fromYaml(yaml, env);

        assertThat(config.consoleOidc().clientId()).isEqualTo("reflow-console");
        assertThat(config.consoleOidc().issuer()).isEqualTo("https://idp.example.com/realms/r");
        assertThat(config.consoleOidc().scopes()).containsExactly("openid");
    }

    @Test
    void passesTracingToTheGatewayAndTheOperator() {
        Manifests rendered =
                HelmChart.defaults()
                        .set("gateway.config.tracing.otlp_endpoint", "http://collector:4318")
                        .set("gateway.config.tracing.sample_ratio", 0.25)
                        .set("operator.tracing.otlpEndpoint", "http://collector:4318")
                        .render();
        Map<String, String> env = new HashMap<>();
        rendered.get(Secret.class, "reflow-gateway")
                .getData()
                .forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v))));
        String yaml = rendered.get(ConfigMap.class, "reflow-gateway").getData().get("gateway.yaml");

        GatewayConfig config = GatewayConfig.fromYaml(yaml, env);

        assertThat(config.tracing().tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(config.tracing().sampleRatio()).isEqualTo(0.25);
        assertThat(
                        rendered.get(Deployment.class, "reflow-operator")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT");
                            assertThat(e.getValue()).isEqualTo("http://collector:4318");
                        })
                .anySatisfy(e -> assertThat(e.getName()).isEqualTo("OTEL_SERVICE_NAME"));
    }

    @Test
    void refusesAnOAuthResourceThatIsNotTheMcpEndpoint() {
        assertThatThrownBy(
                        () ->
                                HelmChart.defaults()
                                        .set(
                                                "gateway.config.auth.oauth.resource",
                                                "https://reflow.example.com/api")
                                        .render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("resource");
    }

    /** What a user's own Secret would hold. */
    private static Map<String, String> existingSecret() {
        return Map.of(
                "REFLOW_ADMIN_TOKEN", "admin-token-of-at-least-32-characters",
                "JWT_SECRET", "a-jwt-secret-of-at-least-32-characters-long",
                "ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "SESSION_KEY", "a-session-key-of-at-least-32-characters");
    }
}
