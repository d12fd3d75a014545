package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.model.Owners;
import io.reflow.operator.observe.OperatorLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Adopts the Secret the gateway created for an instance: adds a (non-controller) owner reference so
 * that deleting the instance deletes the Secret. Touches metadata only, never the data.
 */
final class SecretStep {

    private static final Logger LOG = Logger.getLogger(SecretStep.class.getName());

    private final KubernetesClient client;
    private final ClusterCache cache;

    SecretStep(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** Whether the instance can run: it needs no Secret, or its Secret exists (now adopted). */
    boolean adopt(MCPInstance instance) {
        String name = instance.getSpec().getSecretName();
        if (name == null || name.isEmpty()) {
            return true;
        }
        Secret secret = cache.secret(name);
        if (secret == null) {
            // The gateway writes the Secret just before the instance, and the Secret informer may
            // not have seen it yet: ask the API server before calling it missing.
            secret = client.secrets().inNamespace(cache.namespace()).withName(name).get();
        }
        if (secret == null) {
            return false;
        }
        if (Owners.ownedBy(secret, instance)) {
            return true;
        }
        List<OwnerReference> owners = new ArrayList<>();
        for (OwnerReference owner : secret.getMetadata().getOwnerReferences()) {
            boolean staleSelf =
                    Owners.KIND.equals(owner.getKind())
                            && instance.getMetadata().getName().equals(owner.getName());
            if (!staleSelf) {
                owners.add(owner);
            }
        }
        owners.add(Owners.adopter(instance));
        String patch =
                Serialization.asJson(
                        Map.of(
                                "metadata",
                                Map.of(
                                        "resourceVersion",
                                        secret.getMetadata().getResourceVersion(),
                                        "ownerReferences",
                                        owners)));
        client.secrets()
                .inNamespace(cache.namespace())
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        OperatorLog.info(
                LOG,
                "adopted Secret " + cache.namespace() + "/" + name,
                "instance",
                cache.namespace() + "/" + instance.getMetadata().getName(),
                "secret",
                name);
        return true;
    }
}
