package io.reflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.reflow.e2e.crd.MCPInstance;
import io.reflow.testing.controlplane.RequiresControlPlane;
import org.junit.jupiter.api.Test;

/**
 * The scenarios on a real control plane (kube-apiserver, etcd, controller manager with the real
 * garbage collector, scheduler), with the product installed from {@code config/} by kubectl and
 * running under its own ServiceAccounts' RBAC; only the node is emulated (see {@link
 * ControlPlaneCluster}).
 */
@RequiresControlPlane
class ControlPlaneE2E extends ProductScenarios {

    @Override
    ClusterProvider startCluster() {
        return new ControlPlaneCluster();
    }

    /** A crash is emulated by the node stand-in: the server process dies, the Pod turns Failed. */
    @Test
    void crashedServerPodIsReplacedAndTrafficResumes() {
        gateway.serverEnvironment(TestTargets.HEALING_CRASH, "kim");
        MCPInstance instance = single(TestTargets.HEALING_CRASH);
        String name = instance.getMetadata().getName();
        String podUid = uid(view.pod(name));

        ((ControlPlaneCluster) cluster).node().killServer(cluster.namespace(), name);

        await().atMost(SETTLE)
                .until(
                        () -> {
                            Pod pod = view.pod(name);
                            return pod != null && !uid(pod).equals(podUid);
                        });
        assertThat(gateway.serverEnvironment(TestTargets.HEALING_CRASH, "kim")).isNotBlank();
        assertThat(uid(single(TestTargets.HEALING_CRASH))).isEqualTo(uid(instance));
    }
}
