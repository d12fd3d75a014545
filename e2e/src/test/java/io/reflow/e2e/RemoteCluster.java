package io.reflow.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real cluster (k3s in a container, or an existing one from a kubeconfig) with the committed CRDs
 * and RBAC installed and the operator and gateway running in the test JVM. Pods run a real MCP
 * server image ({@code E2E_MCP_IMAGE}, port {@code E2E_MCP_PORT}); the test machine must be able to
 * route to Service ClusterIPs (see docs/e2e.md).
 */
final class RemoteCluster implements ClusterProvider {

    private final String name;
    private final String namespace;
    private final Path kubeconfig;
    private final KubernetesClient admin;
    private final RunningProduct product;

    RemoteCluster(String name, Path kubeconfig, String namespace) {
        this.name = name;
        this.namespace = namespace;
        this.kubeconfig = kubeconfig;
        this.admin = client(kubeconfig);
        install(admin);
        admin.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .endMetadata()
                                .build())
                .createOr(NonDeletingOperation::update);
        product = new RunningProduct(() -> client(kubeconfig), namespace, kubeconfig.toString());
        product.startOperator();
        product.restartGateway(ProductSettings.DEFAULTS);
    }

    private static KubernetesClient client(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    /** Applies {@code config/crd/bases} and {@code config/rbac} (when present). */
    private static void install(KubernetesClient client) {
        Path config = Repository.config();
        for (Path dir : List.of(config.resolve("crd/bases"), config.resolve("rbac"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(RemoteCluster::isYaml).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (HasMetadata item : client.load(in).items()) {
                            client.resource(item).createOr(NonDeletingOperation::update);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install " + dir, e);
            }
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public KubernetesClient client() {
        return admin;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String serverImage() {
        return env("E2E_MCP_IMAGE", "docker.io/mcp/everything:latest");
    }

    @Override
    public int serverPort() {
        return Integer.parseInt(env("E2E_MCP_PORT", "3001"));
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
        admin.close();
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
