package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.operator.observe.OperatorLog;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Writes an instance's status when it differs from the observed one, with the cached
 * resourceVersion: a stale cache gives a 409, and the caller requeues.
 */
final class StatusStep {

    private static final Logger LOG = Logger.getLogger(StatusStep.class.getName());

    private final KubernetesClient client;

    StatusStep(KubernetesClient client) {
        this.client = client;
    }

    /** Writes {@code desired}; does nothing when the instance already has it. */
    void write(MCPInstance instance, MCPInstanceStatus desired) {
        MCPInstanceStatus current = instance.getStatus();
        if (Objects.equals(current, desired)) {
            return;
        }
        MCPInstance copy = new MCPInstance();
        copy.setMetadata(instance.getMetadata());
        copy.setSpec(instance.getSpec());
        copy.setStatus(desired);
        client.resources(MCPInstance.class)
                .inNamespace(instance.getMetadata().getNamespace())
                .resource(copy)
                .updateStatus();
        if (current == null || current.getPhase() != desired.getPhase()) {
            String key =
                    instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName();
            OperatorLog.info(
                    LOG,
                    "instance " + key + " is " + desired.getPhase() + ": " + desired.getMessage(),
                    "instance",
                    key,
                    "target",
                    OperatorLog.target(instance),
                    "phase",
                    String.valueOf(desired.getPhase()));
        }
    }
}
