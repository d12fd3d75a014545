package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.mcp.api.McpResources;
import java.util.Map;

/**
 * The instance Secrets ({@code <instance>-env}) the gateway manages, read through an informer and
 * written only when their content differs from the resolved env.
 */
final class InstanceSecretStore implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<Secret> informer;

    private InstanceSecretStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.informer =
                client.secrets()
                        .inNamespace(namespace)
                        .withLabel(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                        .withLabel(McpResources.LABEL_INSTANCE)
                        .runnableInformer(0);
    }

    /** Starts the informer without waiting for it to sync. */
    static InstanceSecretStore start(KubernetesClient client, String namespace) {
        InstanceSecretStore store = new InstanceSecretStore(client, namespace);
        store.informer.start();
        return store;
    }

    /** Whether the informer has listed the namespace at least once. */
    boolean hasSynced() {
        return informer.hasSynced();
    }

    /**
     * Makes the Secret hold exactly {@code desired}'s data, labels and owner: creates it, or edits
     * it (a Secret left by an earlier instance of the same name gets the new owner). Skips the
     * write when the cached copy already matches.
     */
    void apply(Secret desired) {
        String name = desired.getMetadata().getName();
        Secret cached = informer.getStore().getByKey(namespace + "/" + name);
        if (cached != null && sameContent(cached, desired)) {
            return;
        }
        try {
            if (cached == null) {
                try {
                    client.secrets().inNamespace(namespace).resource(desired).create();
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                }
            }
            try {
                edit(desired);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                // Deleted meanwhile (with its earlier owner): write it anew.
                client.secrets().inNamespace(namespace).resource(desired).create();
            }
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(
                    e, cached == null ? "create" : "update", "secrets", namespace);
        }
    }

    private void edit(Secret desired) {
        client.secrets()
                .inNamespace(namespace)
                .withName(desired.getMetadata().getName())
                .edit(
                        secret -> {
                            secret.setData(desired.getData());
                            secret.setStringData(null);
                            secret.getMetadata()
                                    .getLabels()
                                    .putAll(desired.getMetadata().getLabels());
                            secret.getMetadata()
                                    .setOwnerReferences(desired.getMetadata().getOwnerReferences());
                            return secret;
                        });
    }

    /** Deletes a Secret by name; a missing one is fine. Never throws. */
    boolean deleteQuietly(String name) {
        try {
            return !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty();
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    /** Deletes the instance Secrets of one target; returns how many. */
    int deleteOfTarget(String targetName) {
        try {
            int deleted = 0;
            for (Secret secret :
                    client.secrets()
                            .inNamespace(namespace)
                            .withLabel(
                                    McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                            .withLabel(McpResources.LABEL_INSTANCE)
                            .withLabel(McpResources.LABEL_TARGET, targetName)
                            .list()
                            .getItems()) {
                if (deleteQuietly(secret.getMetadata().getName())) {
                    deleted++;
                }
            }
            return deleted;
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(e, "list", "secrets", namespace);
        }
    }

    private static boolean sameContent(Secret cached, Secret desired) {
        Map<String, String> data = cached.getData() == null ? Map.of() : cached.getData();
        return data.equals(desired.getData())
                && (cached.getStringData() == null || cached.getStringData().isEmpty())
                && cached.getMetadata()
                        .getOwnerReferences()
                        .equals(desired.getMetadata().getOwnerReferences());
    }

    @Override
    public void close() {
        informer.close();
    }
}
