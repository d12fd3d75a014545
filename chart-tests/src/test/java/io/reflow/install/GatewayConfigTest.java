package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values flow into the gateway's config file, with what a cluster install needs forced. */
class GatewayConfigTest {

    @Test
    void rendersTheDocumentedConfigWithSecretsAsEnvironmentReferences() {
        Map<String, Object> config = config(HelmChart.defaults().render());

        assertThat(at(config, "server", "host")).isEqualTo("0.0.0.0");
        assertThat(at(config, "server", "port")).isEqualTo(8080);
        assertThat(at(config, "session", "key")).isEqualTo("${SESSION_KEY}");
        assertThat(at(config, "auth", "admin_tokens")).isEqualTo(List.of("${REFLOW_ADMIN_TOKEN}"));
        assertThat(at(config, "auth", "jwt", "hs256_secret")).isEqualTo("${JWT_SECRET}");
        assertThat(at(config, "encryption", "key")).isEqualTo("${ENCRYPTION_KEY}");
        assertThat(at(config, "store", "kind")).isEqualTo("kubernetes");
        assertThat(at(config, "kubernetes", "enabled")).isEqualTo(true);
        assertThat(at(config, "kubernetes", "namespace")).isEqualTo(HelmChart.NAMESPACE);
        assertThat(at(config, "kubernetes", "kubeconfig")).isEqualTo("");
        assertThat(at(config, "kubernetes", "idle_ttl")).isEqualTo("30m");
        assertThat(at(config, "kubernetes", "max_lifetime")).isEqualTo("24h");
        assertThat(at(config, "kubernetes", "gc_interval")).isEqualTo("1m");
        assertThat(at(config, "kubernetes", "max_instances")).isEqualTo(100);
    }

    @Test
    void passesGatewayConfigValuesThrough() {
        Manifests rendered =
                HelmChart.defaults()
                        .set("gateway.config.server.port", 9090)
                        .set("gateway.config.kubernetes.max_instances", 7)
                        .set("gateway.config.kubernetes.idle_ttl", "10m")
                        .set("gateway.config.auth.jwt.issuer", "https://issuer.example.com")
                        .set("gateway.config.server.allowed_hosts[0]", "mcp.example.com")
                        .set("instanceNamespace", "mcp-pods")
                        .render();
        Map<String, Object> config = config(rendered);

        assertThat(at(config, "server", "port")).isEqualTo(9090);
        assertThat(at(config, "server", "allowed_hosts")).isEqualTo(List.of("mcp.example.com"));
        assertThat(at(config, "kubernetes", "max_instances")).isEqualTo(7);
        assertThat(at(config, "kubernetes", "idle_ttl")).isEqualTo("10m");
        assertThat(at(config, "kubernetes", "namespace")).isEqualTo("mcp-pods");
        assertThat(at(config, "auth", "jwt", "issuer")).isEqualTo("https://issuer.example.com");
        assertThat(gateway(rendered).getPorts().get(0).getContainerPort()).isEqualTo(9090);
    }

    @Test
    void listensOnAllInterfacesWhateverTheValues() {
        Map<String, Object> config =
                config(
                        HelmChart.defaults()
                                .set("gateway.config.server.host", "127.0.0.1")
                                .render());

        assertThat(at(config, "server", "host")).isEqualTo("0.0.0.0");
    }

    @Test
    void pointsTheGatewayAtItsMountedConfig() {
        Manifests rendered = HelmChart.defaults().render();
        Container gateway = gateway(rendered);

        assertThat(gateway.getEnv())
                .anySatisfy(
                        env -> {
                            assertThat(env.getName()).isEqualTo("REFLOW_CONFIG");
                            assertThat(env.getValue()).isEqualTo("/etc/reflow/gateway.yaml");
                        });
        assertThat(gateway.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/reflow"));
    }

    @Test
    void rollsTheGatewayWhenItsConfigChanges() {
        String before = checksum(HelmChart.defaults().render());
        String after =
                checksum(HelmChart.defaults().set("gateway.config.session.timeout", "1h").render());

        assertThat(after).isNotEqualTo(before);
        assertThat(checksum(HelmChart.defaults().render())).isEqualTo(before);
    }

    @Test
    void rejectsAnInstanceNamespaceThatDisagreesWithTheGatewayConfig() {
        HelmChart chart =
                HelmChart.defaults()
                        .set("instanceNamespace", "reflow")
                        .set("gateway.config.kubernetes.namespace", "other");

        assertThatThrownBy(chart::render)
                .hasMessageContaining("gateway.config.kubernetes.namespace")
                .hasMessageContaining("instanceNamespace");
    }

    @Test
    void rejectsAFileStoreSharedByManyReplicas() {
        HelmChart chart =
                HelmChart.defaults()
                        .set("gateway.config.store.kind", "file")
                        .set("gateway.replicas", 3);

        assertThatThrownBy(chart::render)
                .hasMessageContaining("gateway.config.store.kind")
                .hasMessageContaining("gateway.replicas");
    }

    private static Container gateway(Manifests rendered) {
        return rendered.get(Deployment.class, "reflow-gateway")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static String checksum(Manifests rendered) {
        return rendered.get(Deployment.class, "reflow-gateway")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/config");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> config(Manifests rendered) {
        ConfigMap map = rendered.get(ConfigMap.class, "reflow-gateway");
        return Serialization.unmarshal(map.getData().get("gateway.yaml"), Map.class);
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> config, String... path) {
        Object value = config;
        for (String key : path) {
            assertThat(value).as(String.join(".", path)).isInstanceOf(Map.class);
            value = ((Map<String, Object>) value).get(key);
        }
        return value;
    }
}
