package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.gateway.instances.InstanceSource;
import io.reflow.gateway.instances.InstanceView;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The MCPInstances of the gateway's namespace as instances, read from the informer's cache; a
 * restart deletes the MCPInstance (its Pod, Service and Secret follow by owner reference) and the
 * next request of its subject creates a new one.
 */
final class KubernetesInstances implements InstanceSource {

    private static final Logger LOG = Logger.getLogger(KubernetesInstances.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final InstanceCache cache;
    private final Consumer<String> forget;

    KubernetesInstances(
            KubernetesClient client,
            String namespace,
            InstanceCache cache,
            Consumer<String> forget) {
        this.client = client;
        this.namespace = namespace;
        this.cache = cache;
        this.forget = forget;
    }

    @Override
    public List<InstanceView> list() {
        return cache.list().stream()
                .filter(KubernetesInstances::managedByGateway)
                .map(KubernetesInstances::view)
                .toList();
    }

    /** The instance as the API shows it: status fields, the Ready reason, no subject in clear. */
    static InstanceView view(MCPInstance instance) {
        Map<String, String> labels = labels(instance);
        var status = instance.getStatus();
        String phase =
                instance.getMetadata().getDeletionTimestamp() != null
                        ? "Terminating"
                        : status == null || status.getPhase() == null
                                ? "Pending"
                                : status.getPhase().name();
        return new InstanceView(
                instance.getMetadata().getName(),
                labels.getOrDefault(McpResources.LABEL_TARGET, instance.getSpec().getTargetName()),
                "kubernetes",
                labels.get(McpResources.LABEL_SUBJECT_HASH),
                phase,
                InstanceCache.readyReason(instance),
                time(status == null ? null : status.getStartedAt()),
                time(status == null ? null : status.getLastActivityAt()),
                status == null ? null : status.getEndpoint());
    }

    @Override
    public boolean restart(String id) {
        MCPInstance cached = cache.get(id);
        if (cached == null || !managedByGateway(cached)) {
            return false;
        }
        try {
            client.resources(MCPInstance.class).inNamespace(namespace).withName(id).delete();
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(e, "delete", "mcpinstances", namespace);
        }
        forget.accept(id);
        LOG.info(() -> "instance " + id + " deleted on request (restart)");
        return true;
    }

    @Override
    public void onChange(Runnable listener) {
        cache.onAnyChange(listener);
    }

    private static boolean managedByGateway(MCPInstance instance) {
        return McpResources.MANAGED_BY_GATEWAY.equals(
                labels(instance).get(McpResources.LABEL_MANAGED_BY));
    }

    private static Map<String, String> labels(MCPInstance instance) {
        Map<String, String> labels = instance.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
