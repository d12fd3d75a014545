package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reflow.gateway.config.KubernetesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the gateway's Kubernetes client from the {@code kubernetes} config block. */
public final class KubernetesClients {

    private KubernetesClients() {}

    /** A client from {@code kubeconfig}, or the in-cluster configuration when it is empty. */
    public static KubernetesClient create(KubernetesConfig config) {
        Config clientConfig;
        if (config.kubeconfig() == null || config.kubeconfig().isBlank()) {
            clientConfig = Config.autoConfigure(null);
        } else {
            try {
                clientConfig =
                        Config.fromKubeconfig(Files.readString(Path.of(config.kubeconfig())));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "kubernetes.kubeconfig: cannot read " + config.kubeconfig(), e);
            }
        }
        clientConfig.setNamespace(config.namespace());
        return new KubernetesClientBuilder().withConfig(clientConfig).build();
    }
}
