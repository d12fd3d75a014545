package io.reflow.testing.controlplane;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** What the node lifecycle controller would do for the node stand-in. */
final class NodeTaints {

    private NodeTaints() {}

    /**
     * Removes the {@code not-ready} taint that admission puts on every new Node. The node lifecycle
     * controller would do it for a Ready node, but it is not run: it also evicts the Pods of a node
     * whose heartbeats are late, which a loaded test machine makes them.
     */
    static void removeNotReady(KubernetesClient admin, String nodeName) {
        Waiting.until(
                Duration.ofSeconds(30),
                "the not-ready taint of node " + nodeName + " to be removed",
                () -> {
                    admin.nodes()
                            .withName(nodeName)
                            .edit(
                                    n -> {
                                        if (n.getSpec().getTaints() != null) {
                                            n.getSpec()
                                                    .getTaints()
                                                    .removeIf(
                                                            t ->
                                                                    t.getKey()
                                                                            .startsWith(
                                                                                    "node.kubernetes.io/"));
                                        }
                                        return n;
                                    });
                    var taints = admin.nodes().withName(nodeName).get().getSpec().getTaints();
                    return taints == null || taints.isEmpty();
                });
    }
}
