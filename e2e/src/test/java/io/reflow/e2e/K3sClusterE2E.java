package io.reflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The scenarios on k3s in a container (Testcontainers): real kubelet, scheduler, garbage collector,
 * probes and images. Skipped, never passed, where no container engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sClusterE2E extends ProductScenarios {

    private static final String K3S_IMAGE = "rancher/k3s:v1.32.4-k3s1";

    private K3sContainer k3s;

    @Override
    ClusterProvider startCluster() {
        k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
        k3s.start();
        try {
            Path kubeconfig = Files.createTempFile("reflow-e2e-k3s-", ".yaml");
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
            return new RemoteCluster("k3s", kubeconfig, "reflow-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopK3s() {
        if (k3s != null) {
            k3s.stop();
        }
    }
}
