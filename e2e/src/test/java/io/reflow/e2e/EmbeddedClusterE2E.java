package io.reflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.reflow.e2e.crd.MCPInstance;
import org.junit.jupiter.api.Test;

/**
 * The scenarios on the embedded provider: fabric8's API server emulation, with the kubelet and the
 * garbage collector emulated in the test JVM (see {@link EmbeddedCluster}).
 */
class EmbeddedClusterE2E extends ProductScenarios {

    @Override
    ClusterProvider startCluster() {
        return new EmbeddedCluster();
    }

    /**
     * A crash is emulated by the kubelet stand-in: the server process dies, the Pod turns Failed.
     */
    @Test
    void crashedServerPodIsReplacedAndTrafficResumes() {
        gateway.serverEnvironment(TestTargets.HEALING_CRASH, "kim");
        MCPInstance instance = single(TestTargets.HEALING_CRASH);
        String name = instance.getMetadata().getName();
        String podUid = uid(view.pod(name));

        ((EmbeddedCluster) cluster).kubelet().killServer(name);

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
