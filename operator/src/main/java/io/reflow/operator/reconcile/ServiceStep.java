package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.model.InstanceService;
import io.reflow.operator.model.Owners;
import io.reflow.operator.observe.OperatorLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/** Makes the instance's ClusterIP Service match its desired state: creates or updates it. */
final class ServiceStep {

    private static final Logger LOG = Logger.getLogger(ServiceStep.class.getName());

    private final KubernetesClient client;
    private final ClusterCache cache;

    ServiceStep(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** The instance's Service after this step. */
    Service apply(MCPInstance instance) {
        Service desired = InstanceService.desired(instance);
        String name = desired.getMetadata().getName();
        Service current = cache.service(name);
        if (current == null) {
            Service created =
                    client.services().inNamespace(cache.namespace()).resource(desired).create();
            logged(instance, "created Service " + cache.namespace() + "/" + name, name);
            return created;
        }
        if (!Owners.ownedBy(current, instance)) {
            client.services().inNamespace(cache.namespace()).resource(current).delete();
            logged(
                    instance,
                    "deleted Service "
                            + cache.namespace()
                            + "/"
                            + name
                            + " of an earlier instance of the same name",
                    name);
            return null;
        }
        if (!InstanceService.differs(current, desired)) {
            return current;
        }
        Service updated =
                client.services()
                        .inNamespace(cache.namespace())
                        .withName(name)
                        .edit(
                                service -> {
                                    Map<String, String> labels =
                                            new LinkedHashMap<>(
                                                    Objects.requireNonNullElse(
                                                            service.getMetadata().getLabels(),
                                                            Map.of()));
                                    labels.putAll(desired.getMetadata().getLabels());
                                    service.getMetadata().setLabels(labels);
                                    service.getSpec().setType(desired.getSpec().getType());
                                    service.getSpec().setSelector(desired.getSpec().getSelector());
                                    service.getSpec().setPorts(desired.getSpec().getPorts());
                                    return service;
                                });
        logged(instance, "updated Service " + cache.namespace() + "/" + name, name);
        return updated;
    }

    /** Logs a change with the instance, its target and the Service as fields. */
    private void logged(MCPInstance instance, String message, String service) {
        OperatorLog.info(
                LOG,
                message,
                "instance",
                cache.namespace() + "/" + instance.getMetadata().getName(),
                "target",
                OperatorLog.target(instance),
                "service",
                service);
    }
}
