/**
 * Pieces of the node stand-in ({@link io.reflow.testing.controlplane.NodeStandIn}): the environment
 * a kubelet gives a Pod's container, and a loopback TCP forwarder for Service ClusterIPs. For tests
 * only.
 */
package io.reflow.testing.cluster;
