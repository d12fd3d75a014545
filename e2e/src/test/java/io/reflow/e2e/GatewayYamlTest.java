package io.reflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration every provider hands the gateway is one the gateway accepts as meant. */
class GatewayYamlTest {

    @Test
    void gatewayAcceptsTheSuiteConfigWithShortLifetimes() {
        String yaml =
                GatewayYaml.render(
                        18080,
                        "reflow-e2e",
                        "",
                        Path.of("target/e2e-data"),
                        ProductSettings.DEFAULTS
                                .withIdleTtl(Duration.ofSeconds(4))
                                .withMaxLifetime(Duration.ofSeconds(8)));

        GatewayConfig config = GatewayConfig.fromYaml(yaml, RunningProduct.secrets());

        assertThat(config.kubernetes().enabled()).isTrue();
        assertThat(config.kubernetes().namespace()).isEqualTo("reflow-e2e");
        assertThat(config.kubernetes().idleTtl()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.kubernetes().maxLifetime()).isEqualTo(Duration.ofSeconds(8));
        assertThat(config.server().port()).isEqualTo(18080);
        assertThat(config.targets()).isEmpty();
    }
}
