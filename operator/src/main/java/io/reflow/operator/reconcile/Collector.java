package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.model.Expiry;
import io.reflow.operator.observe.OperatorLog;
import io.reflow.operator.observe.OperatorMetrics;
import java.util.logging.Logger;

/**
 * Deletes an instance that is idle or too old, with a Kubernetes Event and a log line saying why.
 * The delete is conditional on the cached resourceVersion, so activity recorded meanwhile wins.
 */
final class Collector {

    private static final Logger LOG = Logger.getLogger(Collector.class.getName());

    private final KubernetesClient client;
    private final EventRecorder events;
    private final OperatorMetrics metrics;

    Collector(KubernetesClient client, EventRecorder events, OperatorMetrics metrics) {
        this.client = client;
        this.events = events;
        this.metrics = metrics;
    }

    /** Deletes {@code instance} for the reason in {@code due}. */
    void collect(MCPInstance instance, Expiry.Due due) {
        String key = instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName();
        client.resources(MCPInstance.class)
                .inNamespace(instance.getMetadata().getNamespace())
                .resource(instance)
                .lockResourceVersion(instance.getMetadata().getResourceVersion())
                .delete();
        String message = "deleted instance " + key + ": " + due.message();
        events.normal(instance, due.reason().name(), message);
        metrics.collected(due.reason().name());
        OperatorLog.info(LOG, message, "instance", key, "reason", due.reason().name());
    }
}
