package io.reflow.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The scenarios on the embedded provider: fabric8's API server emulation, with the kubelet and the
 * garbage collector emulated in the test JVM (see {@link EmbeddedCluster}).
 */
@EnabledIf(
        value = "io.reflow.e2e.InProcessProduct#available",
        disabledReason = "the operator or the gateway entry point is not built yet")
class EmbeddedClusterE2E extends ProductScenarios {

    @Override
    ClusterProvider startCluster() {
        Optional<String> missing = InProcessProduct.unavailable();
        assumeTrue(missing.isEmpty(), () -> "product not built: " + missing.orElse(""));
        return new EmbeddedCluster();
    }
}
