package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.ReferenceMcpServer;
import io.reflow.testing.cluster.LoopbackForwarder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emulates, in tests, what the operator, the kubelet and kube-proxy do for an MCPInstance: gives
 * each instance a loopback "ClusterIP" 127.x.y.z whose port forwards to one locally running
 * reference MCP server, and writes status phase Ready with that endpoint. Tests can instead keep an
 * instance Starting or mark it Failed.
 */
final class OperatorStandIn implements ResourceEventHandler<MCPInstance>, AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final InetSocketAddress server;
    private final SharedIndexInformer<MCPInstance> informer;
    private final Map<String, LoopbackForwarder> clusterIps = new ConcurrentHashMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final int subnet = ThreadLocalRandom.current().nextInt(100, 250);
    private final AtomicInteger nextIp = new AtomicInteger(1);
    private volatile boolean autoReady = true;

    private OperatorStandIn(KubernetesClient client, String namespace, int serverPort) {
        this.client = client;
        this.namespace = namespace;
        this.server = new InetSocketAddress("127.0.0.1", serverPort);
        this.informer =
                client.resources(MCPInstance.class).inNamespace(namespace).runnableInformer(0);
        informer.addEventHandler(this);
    }

    /**
     * Starts watching MCPInstances with every endpoint forwarding to one reference server shared by
     * all tests of this JVM (started on first use, stopped when the JVM exits).
     */
    static OperatorStandIn start(KubernetesClient client, String namespace) {
        return start(client, namespace, SharedServer.INSTANCE.port());
    }

    /** Starts watching MCPInstances; every new one becomes Ready unless told otherwise. */
    static OperatorStandIn start(KubernetesClient client, String namespace, int serverPort) {
        OperatorStandIn standIn = new OperatorStandIn(client, namespace, serverPort);
        standIn.informer.run();
        return standIn;
    }

    /** Whether new instances become Ready on their own. */
    void autoReady(boolean on) {
        autoReady = on;
    }

    /** Names of the instances seen created, in order. */
    List<String> created() {
        return List.copyOf(seen);
    }

    /** Gives the instance a ClusterIP and marks it Ready. */
    void markReady(String name) {
        int port =
                client.resources(MCPInstance.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()
                        .getSpec()
                        .getPort();
        LoopbackForwarder forwarder =
                clusterIps.computeIfAbsent(name, n -> forward(nextClusterIp(), port, server));
        writeStatus(
                name,
                InstancePhase.Ready,
                "pod is ready",
                "http://" + forwarder.address().getAddress().getHostAddress() + ":" + port);
    }

    /** Moves the instance to a new ClusterIP (as when its Service is recreated); stays Ready. */
    void moveEndpoint(String name) {
        LoopbackForwarder old = clusterIps.remove(name);
        if (old != null) {
            old.close();
        }
        markReady(name);
    }

    /** Marks the instance Starting with a message (e.g. why its pod is not ready). */
    void markStarting(String name, String message) {
        writeStatus(name, InstancePhase.Starting, message, null);
    }

    /** Marks the instance Failed with a message. */
    void markFailed(String name, String message) {
        writeStatus(name, InstancePhase.Failed, null, message, null);
    }

    /** Marks the instance {@code phase} with Ready=False, {@code reason} and a message. */
    void markNotReady(String name, InstancePhase phase, String reason, String message) {
        writeStatus(name, phase, reason, message, null);
    }

    private void writeStatus(String name, InstancePhase phase, String message, String endpoint) {
        writeStatus(name, phase, null, message, endpoint);
    }

    private void writeStatus(
            String name, InstancePhase phase, String reason, String message, String endpoint) {
        // The gateway patches activity annotations concurrently; like an operator, retry a 409.
        for (int attempt = 1; ; attempt++) {
            try {
                editStatus(name, phase, reason, message, endpoint);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private void editStatus(
            String name, InstancePhase phase, String reason, String message, String endpoint) {
        client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .withName(name)
                .editStatus(
                        instance -> {
                            MCPInstanceStatus status = new MCPInstanceStatus();
                            status.setPhase(phase);
                            status.setMessage(message);
                            status.setEndpoint(endpoint);
                            status.setObservedGeneration(instance.getMetadata().getGeneration());
                            status.setSecretHash(McpResources.secretHash(instance));
                            if (reason != null) {
                                status.setConditions(
                                        List.of(
                                                new ConditionBuilder()
                                                        .withType("Ready")
                                                        .withStatus(
                                                                phase == InstancePhase.Ready
                                                                        ? "True"
                                                                        : "False")
                                                        .withReason(reason)
                                                        .withMessage(message)
                                                        .build()));
                            }
                            instance.setStatus(status);
                            return instance;
                        });
    }

    private static LoopbackForwarder forward(String host, int port, InetSocketAddress target) {
        return LoopbackForwarder.start(
                new InetSocketAddress(host, 0).getAddress(), port, () -> Optional.of(target));
    }

    private String nextClusterIp() {
        int n = nextIp.getAndIncrement();
        return "127." + subnet + "." + (n / 250) + "." + (1 + n % 250);
    }

    @Override
    public void onAdd(MCPInstance instance) {
        String name = instance.getMetadata().getName();
        seen.add(name);
        if (autoReady && instance.getStatus() == null) {
            markReadySoon(name);
        }
    }

    /**
     * New credentials: as the operator replaces the Pod, report Ready again with the new hash (the
     * stand-in's pods all share one server, so nothing else changes).
     */
    @Override
    public void onUpdate(MCPInstance before, MCPInstance after) {
        MCPInstanceStatus status = after.getStatus();
        if (autoReady
                && status != null
                && status.getPhase() == InstancePhase.Ready
                && !Objects.equals(status.getSecretHash(), McpResources.secretHash(after))) {
            markReadySoon(after.getMetadata().getName());
        }
    }

    /** Marks the instance Ready off the informer's thread, unless it is deleted meanwhile. */
    private void markReadySoon(String name) {
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                markReady(name);
                            } catch (KubernetesClientException e) {
                                // Deleted before it could start.
                            }
                        });
    }

    @Override
    public void onDelete(MCPInstance instance, boolean deletedFinalStateUnknown) {
        LoopbackForwarder forwarder = clusterIps.remove(instance.getMetadata().getName());
        if (forwarder != null) {
            forwarder.close();
        }
    }

    @Override
    public void close() {
        informer.close();
        clusterIps.values().forEach(LoopbackForwarder::close);
    }

    /** The reference server behind every stand-in that was not given one. */
    private static final class SharedServer {
        static final ReferenceMcpServer INSTANCE = ReferenceMcpServer.start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::close));
        }
    }
}
