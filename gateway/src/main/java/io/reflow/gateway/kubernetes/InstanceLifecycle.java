package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.gateway.logging.LogContext;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * What happens to running instances when their target changes: restart and delete remove them by
 * label selector, an update patches the target-derived spec fields so the operator rolls the pods.
 */
final class InstanceLifecycle implements TargetLifecycle {

    private static final Logger LOG = Logger.getLogger(InstanceLifecycle.class.getName());
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final String namespace;
    private final InstanceCache cache;
    private final InstanceSecretStore secrets;
    private final Consumer<String> forget;

    InstanceLifecycle(
            KubernetesClient client,
            String namespace,
            InstanceCache cache,
            InstanceSecretStore secrets,
            Consumer<String> forget) {
        this.client = client;
        this.namespace = namespace;
        this.cache = cache;
        this.secrets = secrets;
        this.forget = forget;
    }

    @Override
    public int restartInstances(Target target) {
        int deleted = 0;
        try {
            // List, then delete by name: the gateway's Role grants delete, not deletecollection.
            List<MCPInstance> instances =
                    client.resources(MCPInstance.class)
                            .inNamespace(namespace)
                            .withLabel(McpResources.LABEL_TARGET, target.name())
                            .list()
                            .getItems();
            for (MCPInstance instance : instances) {
                String name = instance.getMetadata().getName();
                if (!client.resources(MCPInstance.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .delete()
                        .isEmpty()) {
                    deleted++;
                }
                forget.accept(name);
            }
        } catch (KubernetesClientException e) {
            throw ApiErrors.unavailable(e, "delete", "mcpinstances", namespace);
        }
        secrets.deleteOfTarget(target.name());
        int count = deleted;
        LogContext.with(
                target.name(),
                null,
                () ->
                        LOG.info(
                                () ->
                                        "target "
                                                + target.name()
                                                + ": deleted "
                                                + count
                                                + " instance(s)"));
        return count;
    }

    @Override
    public void targetUpdated(Target before, Target after) {
        if (after.transportType() != TransportType.KUBERNETES
                || before.effectiveIsolation() != after.effectiveIsolation()) {
            // Instances of another transport or boundary would never be used again.
            restartInstances(before);
            return;
        }
        for (MCPInstance instance : cache.ofTarget(after.name())) {
            if (DesiredInstance.applyTarget(
                    DesiredInstance.copyTargetFields(instance.getSpec()), after)) {
                updateSpec(instance.getMetadata().getName(), after);
            }
        }
    }

    @Override
    public void targetDeleted(Target target) {
        restartInstances(target);
    }

    @Override
    public void envChanged(Target target, EnvScope scope) {
        // Every request compares the resolved env with the instance's secret hash, so the next
        // request of each affected subject rewrites its Secret; nothing to do eagerly.
        LogContext.with(
                target.name(),
                null,
                () ->
                        LOG.fine(
                                () ->
                                        "target "
                                                + target.name()
                                                + ": env changed for "
                                                + scope.kind()));
    }

    private void updateSpec(String name, Target after) {
        for (int attempt = 1; ; attempt++) {
            try {
                // edit sends a JSON patch of the changed spec fields, guarded by resourceVersion.
                client.resources(MCPInstance.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(
                                instance -> {
                                    DesiredInstance.applyTarget(instance.getSpec(), after);
                                    return instance;
                                });
                LogContext.with(
                        after.name(),
                        name,
                        () ->
                                LOG.info(
                                        () ->
                                                "instance "
                                                        + name
                                                        + ": target changed, spec updated"));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                // A concurrent write (activity, status) won the race: read again and retry.
                if (e.getCode() != 409 || attempt >= MAX_CONFLICT_RETRIES) {
                    throw ApiErrors.unavailable(e, "patch", "mcpinstances", namespace);
                }
            }
        }
    }
}
