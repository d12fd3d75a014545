package io.reflow.e2e;

/**
 * The scenarios on the embedded provider: fabric8's API server emulation, with the kubelet and the
 * garbage collector emulated in the test JVM (see {@link EmbeddedCluster}).
 */
class EmbeddedClusterE2E extends ProductScenarios {

    @Override
    ClusterProvider startCluster() {
        return new EmbeddedCluster();
    }
}
