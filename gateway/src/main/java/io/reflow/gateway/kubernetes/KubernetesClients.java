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

    /** Retries of a failed API request (connection refused, 5xx) before the error is reported. */
    static final int REQUEST_RETRIES = 3;

    /** First retry delay; it doubles on each retry. */
    static final int REQUEST_RETRY_INTERVAL_MILLIS = 200;

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
        // fabric8 retries failed requests 10 times with exponential backoff by default (minutes
        // when the API server is down); a request waiting on the gateway should fail fast with a
        // clear 503 instead. Watches keep reconnecting on their own.
        clientConfig.setRequestRetryBackoffLimit(REQUEST_RETRIES);
        clientConfig.setRequestRetryBackoffInterval(REQUEST_RETRY_INTERVAL_MILLIS);
        return new KubernetesClientBuilder().withConfig(clientConfig).build();
    }
}
