package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.model.InstancePod;
import io.reflow.operator.model.Owners;
import io.reflow.operator.observe.OperatorLog;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Makes the instance's Pod match its desired state: creates a missing Pod, deletes one that was
 * built from another template (spec or credentials changed) or that failed, so it is recreated.
 */
final class PodStep {

    private static final Logger LOG = Logger.getLogger(PodStep.class.getName());

    private final KubernetesClient client;
    private final ClusterCache cache;

    PodStep(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** The instance's current Pod after this step, or null while it is being (re)created. */
    Pod apply(MCPInstance instance) {
        Pod desired = InstancePod.desired(instance);
        String name = desired.getMetadata().getName();
        Pod current = cache.pod(name);
        if (current == null) {
            Pod created = client.pods().inNamespace(cache.namespace()).resource(desired).create();
            OperatorLog.info(
                    LOG,
                    "created Pod " + key(name),
                    "instance",
                    key(instance),
                    "target",
                    OperatorLog.target(instance),
                    "pod",
                    name);
            return created;
        }
        if (current.getMetadata().getDeletionTimestamp() != null) {
            return current;
        }
        String why = replaceReason(instance, current, desired);
        if (why == null) {
            return current;
        }
        client.pods().inNamespace(cache.namespace()).resource(current).delete();
        OperatorLog.info(
                LOG,
                "deleted Pod " + key(name) + " to replace it: " + why,
                "instance",
                key(instance),
                "target",
                OperatorLog.target(instance),
                "pod",
                name,
                "reason",
                why);
        return null;
    }

    private static String replaceReason(MCPInstance instance, Pod current, Pod desired) {
        if (!Owners.ownedBy(current, instance)) {
            return "it belongs to an earlier instance of the same name";
        }
        if (current.getStatus() != null && "Failed".equals(current.getStatus().getPhase())) {
            return "it failed";
        }
        if (!Objects.equals(InstancePod.templateHash(current), InstancePod.templateHash(desired))) {
            return "spec or credentials changed";
        }
        return null;
    }

    private String key(String name) {
        return cache.namespace() + "/" + name;
    }

    private static String key(MCPInstance instance) {
        return instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName();
    }
}
