package io.reflow.install;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.testing.controlplane.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real control plane ({@link ControlPlane}) that Helm's {@code lookup} and kubectl talk to
 * while the tests render and check the chart: Helm resolves {@code lookup} against a cluster even
 * when it only renders, and kubectl's server-side dry run asks the API server itself. The
 * KUBECONFIG file the build sets for the tests points here, so a developer's own kubeconfig and
 * cluster are never touched. Namespace {@value HelmChart#NAMESPACE} exists.
 */
final class ChartTestCluster {

    private static ChartTestCluster shared;

    private final ControlPlane cluster;
    private final Path kubeconfig;

    private ChartTestCluster(Path kubeconfig) {
        this.cluster = ControlPlane.sharedOrSkip();
        this.kubeconfig = kubeconfig;
        try {
            Files.createDirectories(kubeconfig.getParent());
            Files.copy(
                    cluster.adminKubeconfig("default"),
                    kubeconfig,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + kubeconfig, e);
        }
        if (cluster.admin().namespaces().withName(HelmChart.NAMESPACE).get() == null) {
            cluster.admin()
                    .namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(HelmChart.NAMESPACE)
                                    .endMetadata()
                                    .build())
                    .create();
        }
    }

    /**
     * The cluster of this JVM, started on first use and pointed to by the KUBECONFIG file the build
     * sets for the tests; the calling test is skipped where no control plane can run.
     */
    static synchronized ChartTestCluster shared() {
        if (shared == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || kubeconfig.isBlank()) {
                throw new IllegalStateException(
                        "KUBECONFIG is not set: run these tests through Maven (chart-tests/pom.xml"
                                + " points KUBECONFIG at the test cluster)");
            }
            shared = new ChartTestCluster(Path.of(kubeconfig));
        }
        return shared;
    }

    /** The path of the kubeconfig file that points at this cluster (cluster admin). */
    Path kubeconfig() {
        return kubeconfig;
    }

    /** A cluster-admin client, for objects a render should find with lookup. */
    KubernetesClient client() {
        return cluster.admin();
    }

    /** The real kubectl built with the control plane. */
    Path kubectl() {
        return cluster.binary("kubectl");
    }
}
