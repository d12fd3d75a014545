package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway pods roll when their Secret changes: the pod template's {@code checksum/secret}
 * follows the Secret's data. Install and upgrade are renders with real Helm against the test
 * cluster, whose {@code lookup} sees the Secret a previous install left (created here as Helm would
 * have).
 */
class SecretRotationTest {

    private static KubernetesClient client() {
        return ChartTestCluster.shared().client();
    }

    private static String checksum(Manifests rendered, String deployment) {
        return rendered.get(Deployment.class, deployment)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/secret");
    }

    private static void store(Secret secret) {
        client().secrets()
                .inNamespace(HelmChart.NAMESPACE)
                .resource(
                        new SecretBuilder(secret)
                                .editMetadata()
                                .withNamespace(HelmChart.NAMESPACE)
                                .withResourceVersion(null)
                                .endMetadata()
                                .build())
                .serverSideApply();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theGeneratedSecretsChecksumIsStableAcrossUpgradesAndFollowsARotation() {
        String release = "rotated";
        String name = "rotated-reflow-gateway";
        Manifests installed = HelmChart.defaults().release(release).render();
        String atInstall = checksum(installed, name);
        assertThat(atInstall).matches("[0-9a-f]{64}");
        store(installed.get(Secret.class, name));

        // An upgrade that changes nothing keeps the pods: the same Secret, the same checksum, even
        // though the first install generated its values in the same render.
        Manifests upgraded = HelmChart.defaults().release(release).render();
        assertThat(upgraded.get(Secret.class, name).getData())
                .isEqualTo(installed.get(Secret.class, name).getData());
        assertThat(checksum(upgraded, name)).isEqualTo(atInstall);

        // An operator rotates the admin token in the Secret: the next upgrade rolls the pods.
        Secret rotated =
                new SecretBuilder(installed.get(Secret.class, name))
                        .addToData(
                                "REFLOW_ADMIN_TOKEN", b64("rotated-admin-token-0123456789abcdef"))
                        .build();
        store(rotated);
        String afterRotation = checksum(HelmChart.defaults().release(release).render(), name);
        assertThat(afterRotation).isNotEqualTo(atInstall);
        assertThat(checksum(HelmChart.defaults().release(release).render(), name))
                .isEqualTo(afterRotation);
    }

    @Test
    void anExistingSecretsChecksumFollowsItsValues() {
        String secretName = "my-rotated-secrets";
        Secret mine =
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(secretName)
                        .endMetadata()
                        .withData(
                                Map.of(
                                        "REFLOW_ADMIN_TOKEN", b64("admin-token-one-0123456789"),
                                        "JWT_SECRET", b64("j".repeat(40)),
                                        "ENCRYPTION_KEY", b64("k".repeat(32)),
                                        "SESSION_KEY", b64("s".repeat(40))))
                        .build();
        store(mine);
        HelmChart chart =
                HelmChart.defaults().release("existing").set("gateway.existingSecret", secretName);
        String first = checksum(chart.render(), "existing-reflow-gateway");
        assertThat(checksum(chart.render(), "existing-reflow-gateway")).isEqualTo(first);

        store(
                new SecretBuilder(mine)
                        .addToData("REFLOW_ADMIN_TOKEN", b64("admin-token-two-0123456789"))
                        .build());
        assertThat(checksum(chart.render(), "existing-reflow-gateway")).isNotEqualTo(first);
    }
}
