package io.reflow.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reflow.testing.cluster.KubectlDiscovery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded API server (fabric8 mock, CRUD mode) that Helm's {@code lookup} talks to while the
 * tests render the chart. Helm resolves {@code lookup} against a cluster even when it only renders;
 * this server answers it, so renders work offline and never reach a real cluster. It also serves
 * the discovery documents of the kinds the repository installs (see {@link Discovery}), so kubectl
 * can talk to it; it has no kubelet, scheduler or garbage collector.
 */
final class EmbeddedApiServer {

    private static EmbeddedApiServer shared;

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private EmbeddedApiServer(Path kubeconfig) {
        server = KubectlDiscovery.startApiServer();
        client = server.createClient();
        this.kubeconfig = kubeconfig;
        writeKubeconfig(kubeconfig, "http://127.0.0.1:" + server.getPort());
    }

    /**
     * The server shared by all tests of this JVM, started on first use and pointed to by the
     * KUBECONFIG file the build sets for the tests.
     */
    static synchronized EmbeddedApiServer shared() {
        if (shared == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || kubeconfig.isBlank()) {
                throw new IllegalStateException(
                        "KUBECONFIG is not set: run these tests through Maven (chart-tests/pom.xml"
                                + " points KUBECONFIG at the embedded API server)");
            }
            shared = new EmbeddedApiServer(Path.of(kubeconfig));
        }
        return shared;
    }

    /** The path of the kubeconfig file that points at this server. */
    Path kubeconfig() {
        return kubeconfig;
    }

    /** A client of the embedded API server, for objects a render should find with lookup. */
    KubernetesClient client() {
        return client;
    }

    private static void writeKubeconfig(Path file, String url) {
        String yaml =
                """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: embedded
                    cluster:
                      server: %s
                contexts:
                  - name: embedded
                    context:
                      cluster: embedded
                      user: embedded
                current-context: embedded
                users:
                  - name: embedded
                    user: {}
                """
                        .formatted(url);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
