package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.gateway.config.KubernetesConfig;
import java.util.List;

/**
 * The owner of every MCPInstance the gateway creates ({@code kubernetes.instance_owner}): a
 * ConfigMap the installation made in the instance namespace. The garbage collector deletes the
 * instances when it is deleted, and with them their Pods, Services and Secrets, so uninstalling the
 * product leaves nothing behind.
 */
final class InstanceOwner {

    private InstanceOwner() {}

    /**
     * The owner references to put on new instances: none when no owner is configured.
     *
     * @throws IllegalStateException naming the key when the configured ConfigMap cannot be read
     */
    static List<OwnerReference> resolve(KubernetesClient client, KubernetesConfig config) {
        String name = config.instanceOwner();
        if (name.isEmpty()) {
            return List.of();
        }
        ConfigMap owner;
        try {
            owner = client.configMaps().inNamespace(config.namespace()).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(
                    "kubernetes.instance_owner: cannot read ConfigMap "
                            + config.namespace()
                            + "/"
                            + name
                            + " (HTTP "
                            + e.getCode()
                            + ")",
                    e);
        }
        if (owner == null) {
            throw new IllegalStateException(
                    "kubernetes.instance_owner: ConfigMap "
                            + config.namespace()
                            + "/"
                            + name
                            + " does not exist");
        }
        return List.of(
                new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName(name)
                        .withUid(owner.getMetadata().getUid())
                        .build());
    }
}
