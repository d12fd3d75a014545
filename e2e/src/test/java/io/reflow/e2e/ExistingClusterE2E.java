package io.reflow.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The scenarios on an existing cluster (kind, minikube, a real one) named by {@code
 * E2E_KUBECONFIG}; namespace {@code E2E_NAMESPACE} (default {@code reflow-e2e}). Skipped when
 * {@code E2E_KUBECONFIG} is unset.
 */
@EnabledIfEnvironmentVariable(
        named = "E2E_KUBECONFIG",
        matches = ".+",
        disabledReason = "E2E_KUBECONFIG is not set (no existing cluster to test against)")
class ExistingClusterE2E extends ProductScenarios {

    @Override
    ClusterProvider startCluster() {
        String namespace = System.getenv().getOrDefault("E2E_NAMESPACE", "reflow-e2e");
        return new RemoteCluster("existing", Path.of(System.getenv("E2E_KUBECONFIG")), namespace);
    }
}
