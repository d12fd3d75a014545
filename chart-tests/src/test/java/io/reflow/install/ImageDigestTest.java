package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** Images by tag (the chart's appVersion by default) or pinned by digest. */
class ImageDigestTest {

    private static final String DIGEST = "sha256:" + "ab12".repeat(16);

    private static String image(Manifests rendered, String deployment) {
        return rendered.get(Deployment.class, deployment)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
    }

    @Test
    void byDefaultImagesAreTaggedWithTheAppVersion() {
        Manifests rendered = HelmChart.defaults().render();
        assertThat(image(rendered, "reflow-gateway"))
                .isEqualTo("ghcr.io/reflow-io/reflow-gateway:0.1.0-SNAPSHOT");
        assertThat(image(rendered, "reflow-operator"))
                .isEqualTo("ghcr.io/reflow-io/reflow-operator:0.1.0-SNAPSHOT");
    }

    @Test
    void aDigestPinsTheImageAndReplacesTheTag() {
        Manifests rendered =
                HelmChart.defaults()
                        .set("gateway.image.repository", "registry.example.com/reflow-gateway")
                        .set("gateway.image.tag", "1.2.3")
                        .set("gateway.image.digest", DIGEST)
                        .set("operator.image.digest", DIGEST)
                        .render();
        assertThat(image(rendered, "reflow-gateway"))
                .isEqualTo("registry.example.com/reflow-gateway@" + DIGEST);
        assertThat(image(rendered, "reflow-operator"))
                .isEqualTo("ghcr.io/reflow-io/reflow-operator@" + DIGEST);
    }

    @Test
    void aDigestThatIsNotSha256IsRefusedNamingTheKey() {
        assertThatThrownBy(
                        () -> HelmChart.defaults().set("gateway.image.digest", "latest").render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("digest");
    }
}
