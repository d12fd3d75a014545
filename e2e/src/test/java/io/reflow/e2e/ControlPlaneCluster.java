package io.reflow.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.operator.OperatorConfig;
import io.reflow.testing.controlplane.ControlPlane;
import io.reflow.testing.controlplane.NodeStandIn;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The control-plane provider: a real kube-apiserver, etcd, controller manager (garbage collector
 * included) and scheduler ({@link ControlPlane}), the product installed from {@code config/} with
 * the real kubectl exactly as docs/install.md says, and the operator and gateway running in the
 * test JVM with the tokens of their installed ServiceAccounts, so the server's RBAC judges every
 * call they make. The instance namespace enforces the restricted Pod Security Standard.
 *
 * <p>Emulated: the kubelet, container runtime and kube-proxy ({@link NodeStandIn}: a reference MCP
 * server process per Pod, ClusterIPs bound on loopback).
 */
final class ControlPlaneCluster implements ClusterProvider {

    /** The instance namespace of {@code config/}. */
    private static final String NAMESPACE = "reflow";

    /** The operator's and gateway's namespace of {@code config/}. */
    private static final String SYSTEM_NAMESPACE = "reflow-system";

    private final ControlPlane cluster;
    private final Path kubeconfig;
    private final RunningProduct product;

    ControlPlaneCluster() {
        cluster = ControlPlane.shared();
        kubeconfig = cluster.adminKubeconfig(NAMESPACE);
        Kubectl kubectl = Kubectl.of(cluster.binary("kubectl"), kubeconfig);
        ConfigInstall.apply(kubectl);
        cluster.node().serve(NAMESPACE);
        String operatorToken = cluster.serviceAccountToken(SYSTEM_NAMESPACE, "reflow-operator");
        String gatewayToken = cluster.serviceAccountToken(SYSTEM_NAMESPACE, "reflow-gateway");
        Path gatewayKubeconfig = cluster.kubeconfig("reflow-gateway", gatewayToken, NAMESPACE);
        product =
                new RunningProduct(
                        () -> cluster.newClient(operatorToken),
                        () -> cluster.newClient(gatewayToken),
                        NAMESPACE,
                        gatewayKubeconfig.toString(),
                        ControlPlaneCluster::operatorAsDeployed);
        product.startOperator();
        product.restartGateway(ProductSettings.DEFAULTS);
    }

    /**
     * The operator as {@code config/manager/} runs it: leader election on, its Lease in its own
     * namespace, where its Role allows one.
     */
    private static OperatorConfig operatorAsDeployed(String namespace) {
        OperatorConfig defaults = OperatorConfig.defaults(namespace);
        return new OperatorConfig(
                        namespace,
                        defaults.defaultIdleTtl(),
                        defaults.defaultMaxLifetime(),
                        true,
                        defaults.leaseName(),
                        SYSTEM_NAMESPACE,
                        defaults.identity())
                .withWorkers(defaults.workers());
    }

    /** The node stand-in, for scenarios that crash a server. */
    NodeStandIn node() {
        return cluster.node();
    }

    @Override
    public String name() {
        return "control-plane";
    }

    @Override
    public KubernetesClient client() {
        return cluster.admin();
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String serverImage() {
        // The node stand-in runs the reference server whatever the image says.
        return "registry.invalid/reference-mcp-server:emulated";
    }

    @Override
    public int serverPort() {
        return 8080;
    }

    @Override
    public RunningProduct product() {
        return product;
    }

    @Override
    public Optional<Path> kubeconfig() {
        return Optional.of(kubeconfig);
    }

    @Override
    public Path kubectlBinary() {
        return cluster.binary("kubectl");
    }

    @Override
    public void close() {
        product.close();
    }
}
