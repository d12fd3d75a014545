/**
 * The real Kubernetes control plane the tests run against ({@link
 * io.reflow.testing.controlplane.ControlPlane}: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler built from the Go module proxy) and the stand-in for its one node. For tests only.
 */
package io.reflow.testing.controlplane;
