package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's secrets come from an existing Secret or from one the chart generates once; an
 * upgrade (emulated: the Secret already exists in the embedded API server) keeps its values.
 */
class GatewaySecretTest {

    private static final List<String> KEYS =
            List.of("REFLOW_ADMIN_TOKEN", "JWT_SECRET", "ENCRYPTION_KEY", "SESSION_KEY");

    @Test
    void generatesEverySecretOnFirstInstall() {
        Secret secret = HelmChart.defaults().render().get(Secret.class, "reflow-gateway");

        assertThat(secret.getData()).containsOnlyKeys(KEYS);
        byte[] key = Base64.getDecoder().decode(decode(secret, "ENCRYPTION_KEY"));
        assertThat(key).hasSize(32);
        assertThat(decode(secret, "REFLOW_ADMIN_TOKEN")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(decode(secret, "JWT_SECRET")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(decode(secret, "SESSION_KEY")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secret.getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep");
    }

    @Test
    void keepsGeneratedSecretsAcrossUpgrades() {
        String release = "upgraded";
        Secret installed =
                HelmChart.defaults()
                        .release(release)
                        .render()
                        .get(Secret.class, "upgraded-reflow-gateway");
        ChartTestCluster.shared()
                .client()
                .secrets()
                .inNamespace(HelmChart.NAMESPACE)
                .resource(
                        new SecretBuilder(installed)
                                .editMetadata()
                                .withNamespace(HelmChart.NAMESPACE)
                                .endMetadata()
                                .build())
                .create();

        Secret upgraded =
                HelmChart.defaults()
                        .release(release)
                        .render()
                        .get(Secret.class, "upgraded-reflow-gateway");

        assertThat(upgraded.getData()).isEqualTo(installed.getData());
        Secret otherRelease =
                HelmChart.defaults()
                        .release("fresh")
                        .render()
                        .get(Secret.class, "fresh-reflow-gateway");
        assertThat(otherRelease.getData().get("ENCRYPTION_KEY"))
                .isNotEqualTo(installed.getData().get("ENCRYPTION_KEY"));
    }

    @Test
    void usesAnExistingSecretInsteadOfGeneratingOne() {
        Manifests rendered =
                HelmChart.defaults().set("gateway.existingSecret", "my-reflow-secrets").render();

        assertThat(rendered.all(Secret.class)).isEmpty();
        assertThat(secretRefs(rendered))
                .containsOnlyKeys(KEYS)
                .allSatisfy((env, secret) -> assertThat(secret).isEqualTo("my-reflow-secrets"));
    }

    @Test
    void passesEachSecretAsItsOwnEnvironmentVariable() {
        assertThat(secretRefs(HelmChart.defaults().render()))
                .containsOnlyKeys(KEYS)
                .allSatisfy((env, secret) -> assertThat(secret).isEqualTo("reflow-gateway"));
    }

    @Test
    void neverPutsASecretValueIntoTheConfigMap() {
        Manifests rendered = HelmChart.defaults().render();
        Secret secret = rendered.get(Secret.class, "reflow-gateway");
        String config =
                rendered.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "reflow-gateway")
                        .getData()
                        .get("gateway.yaml");

        for (String key : KEYS) {
            assertThat(config).doesNotContain(decode(secret, key));
        }
    }

    private static Map<String, String> secretRefs(Manifests rendered) {
        Container gateway =
                rendered.get(Deployment.class, "reflow-gateway")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        return gateway.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .peek(
                        e ->
                                assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                                        .isEqualTo(e.getName()))
                .collect(
                        java.util.stream.Collectors.toMap(
                                EnvVar::getName,
                                e -> e.getValueFrom().getSecretKeyRef().getName()));
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)));
    }
}
