/**
 * Stand-ins for the cluster components the embedded API server (fabric8 kubernetes-server-mock in
 * CRUD mode) lacks: {@link io.reflow.testing.cluster.KubeletStandIn} emulates the kubelet and
 * Service networking, {@link io.reflow.testing.cluster.GarbageCollectorStandIn} emulates the
 * garbage collector of owner references. For tests only.
 */
package io.reflow.testing.cluster;
