package io.reflow.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reflow.testing.cluster.GarbageCollectorStandIn;
import io.reflow.testing.cluster.KubectlDiscovery;
import io.reflow.testing.cluster.KubeletStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded provider: fabric8's API server emulation in CRUD mode with the committed CRDs
 * installed, plus the two cluster components it lacks, emulated inside the test JVM: the kubelet
 * ({@link KubeletStandIn}: a real reference MCP server process per Pod, with the Pod's env and
 * Secret; loopback ClusterIPs) and the garbage collector ({@link GarbageCollectorStandIn}).
 * Operator and gateway run in-process.
 */
final class EmbeddedCluster implements ClusterProvider {

    private static final String NAMESPACE = "reflow-e2e";

    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final KubeletStandIn kubelet;
    private final GarbageCollectorStandIn gc;
    private final Path kubeconfig;
    private final RunningProduct product;

    EmbeddedCluster() {
        server = KubectlDiscovery.startApiServer();
        admin = server.createClient();
        installCrds(admin);
        admin.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(NAMESPACE)
                                .endMetadata()
                                .build())
                .create();
        kubelet = KubeletStandIn.start(server.createClient(), NAMESPACE);
        gc = GarbageCollectorStandIn.start(server.createClient(), NAMESPACE);
        kubeconfig = writeKubeconfig();
        product = new RunningProduct(server::createClient, NAMESPACE, kubeconfig.toString());
        product.startOperator();
        product.restartGateway(ProductSettings.DEFAULTS);
    }

    /** The kubelet stand-in, for scenarios that crash a server. */
    KubeletStandIn kubelet() {
        return kubelet;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public KubernetesClient client() {
        return admin;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String serverImage() {
        // The kubelet stand-in runs the reference server whatever the image says.
        return "registry.invalid/reference-mcp-server:emulated";
    }

    @Override
    public int serverPort() {
        return 8080;
    }

    @Override
    public RunningProduct product() {
        return product;
    }

    @Override
    public Optional<Path> kubeconfig() {
        return Optional.of(kubeconfig);
    }

    @Override
    public void close() {
        product.close();
        gc.close();
        kubelet.close();
        admin.close();
        server.destroy();
    }

    /** Installs every CRD of {@code config/crd/bases}, as {@code kubectl apply} would. */
    static void installCrds(KubernetesClient client) {
        try (Stream<Path> files = Files.list(crdDirectory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    client.apiextensions().v1().customResourceDefinitions().load(in).create();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CRDs", e);
        }
    }

    /** {@code config/crd/bases} of this repository. */
    static Path crdDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config/crd/bases"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config/crd/bases not found above the working dir");
        }
        return dir.resolve("config/crd/bases");
    }

    private Path writeKubeconfig() {
        String yaml =
                """
                apiVersion: v1
                kind: Config
                clusters:
                - name: embedded
                  cluster:
                    server: "http://%s:%d"
                users:
                - name: e2e
                  user:
                    token: e2e
                contexts:
                - name: embedded
                  context:
                    cluster: embedded
                    user: e2e
                    namespace: %s
                current-context: embedded
                """
                        .formatted(server.getHostName(), server.getPort(), NAMESPACE);
        try {
            Path file = Files.createTempFile("reflow-e2e-kubeconfig-", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
