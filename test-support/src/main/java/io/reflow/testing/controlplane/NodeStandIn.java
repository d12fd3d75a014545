package io.reflow.testing.controlplane;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.testing.ReferenceMcpServer;
import io.reflow.testing.cluster.PodEnvironment;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Stands in for the kubelet of one node of a {@link ControlPlane}, with the node's own credentials
 * ({@code system:node:<name>}, group {@code system:nodes}), so the real Node authorizer and
 * NodeRestriction admission decide what it may read and write.
 *
 * <p>It registers its Node (Ready, no taints) so the real scheduler binds Pods to it. For every Pod
 * bound to it in a namespace it {@linkplain #serve(String) serves}, it runs a real reference MCP
 * server ({@link ReferenceMcpServer}) as a local process with the Pod's first container's {@code
 * env} and {@code envFrom} Secrets, read one by one as the Node authorizer allows; a missing Secret
 * leaves the Pod {@code Pending} with {@code CreateContainerConfigError} until it appears. A
 * running server turns the Pod {@code Running}, {@code Ready=True}. Pods of other namespaces bound
 * to it are left as they are (their tests write status themselves), but their deletion is confirmed
 * like every Pod's: a real API server keeps a deleted Pod until its kubelet does.
 *
 * <p>Services of served namespaces get a forwarder on their ClusterIP (from the API server's
 * loopback service range) to a ready Pod they select ({@link ServiceProxy}), as kube-proxy would.
 *
 * <p>Emulated, not real: container images, commands and args (every Pod runs the reference server),
 * probes, resource limits, security contexts, restart policies (a killed server leaves its Pod
 * {@code Failed}), volumes, Pod IPs (all {@code 127.0.0.1}), CNI and NetworkPolicy.
 */
public final class NodeStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeStandIn.class.getName());
    private static final String LOOPBACK = "127.0.0.1";

    /** Reads of a Secret the Node authorizer refuses before it gives up: 10 s in all. */
    private static final int SECRET_READ_ATTEMPTS = 100;

    private final KubernetesClient client;
    private final String nodeName;

    /** Served namespaces, with the server their Pods share (empty: one server per Pod). */
    private final Map<String, Optional<ReferenceMcpServer>> servedNamespaces =
            new ConcurrentHashMap<>();

    private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final Map<String, Watch> secretWatches = new ConcurrentHashMap<>();
    private final ServiceProxy services;
    private SharedIndexInformer<Pod> informer;
    private volatile boolean closed;

    /** A Pod whose container this node started; {@code ownServer} is null when shared. */
    private static final class RunningPod {
        private final String uid;
        private final String namespace;
        private final String name;
        private final Map<String, String> labels;
        private final ReferenceMcpServer ownServer;
        private final int port;
        private volatile boolean alive = true;

        RunningPod(Pod pod, ReferenceMcpServer ownServer, int port) {
            this.uid = pod.getMetadata().getUid();
            this.namespace = pod.getMetadata().getNamespace();
            this.name = pod.getMetadata().getName();
            Map<String, String> podLabels = pod.getMetadata().getLabels();
            this.labels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
            this.ownServer = ownServer;
            this.port = port;
        }

        boolean isAlive() {
            return alive;
        }

        String namespace() {
            return namespace;
        }

        String name() {
            return name;
        }

        void stop() {
            alive = false;
            if (ownServer != null) {
                ownServer.close();
            }
        }
    }

    private NodeStandIn(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
        this.services = new ServiceProxy(client, servedNamespaces::containsKey, this::backend);
    }

    /** Registers Node {@code nodeName} with {@code client} (its credentials) and starts it. */
    static NodeStandIn register(KubernetesClient client, String nodeName) {
        NodeStandIn node = new NodeStandIn(client, nodeName);
        node.registerNode();
        node.services.start();
        node.informer =
                client.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", nodeName)
                        .inform(node.onPodChange());
        Thread.ofVirtual().name("node-exit-watch").start(node::watchExits);
        return node;
    }

    /** Runs the Pods of {@code namespace}, one reference server process each (env applied). */
    public void serve(String namespace) {
        servedNamespaces.putIfAbsent(namespace, Optional.empty());
        services.resync();
        rescan();
    }

    /**
     * Runs the Pods of {@code namespace} on one reference server shared by all of them: cheaper,
     * for tests that do not look at a Pod's environment (its Secrets must still exist).
     */
    public void serveSharingOneServer(String namespace) {
        servedNamespaces.computeIfAbsent(namespace, ns -> Optional.of(ReferenceMcpServer.start()));
        services.resync();
        rescan();
    }

    /** Number of Pods whose MCP server is running. */
    public int runningServers() {
        return (int) pods.values().stream().filter(RunningPod::isAlive).count();
    }

    /** Names of the Pods of {@code namespace} whose MCP server is running. */
    public Set<String> runningPods(String namespace) {
        return pods.values().stream()
                .filter(p -> p.isAlive() && p.namespace().equals(namespace))
                .map(RunningPod::name)
                .collect(Collectors.toSet());
    }

    /**
     * Kills the MCP server of Pod {@code namespace/podName} as a crash would: the process dies, the
     * Pod turns {@code Failed}, and its Services stop routing to it.
     */
    public void killServer(String namespace, String podName) {
        RunningPod pod =
                pods.values().stream()
                        .filter(
                                p ->
                                        p.isAlive()
                                                && p.namespace().equals(namespace)
                                                && p.name().equals(podName))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "podName: no running server for pod " + podName));
        pod.stop();
        writeStatus(pod.namespace, pod.name, pod.uid, PodStatuses.crashed(podOf(pod)));
    }

    @Override
    public void close() {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        secretWatches.values().forEach(Watch::close);
        services.close();
        pods.values().forEach(RunningPod::stop);
        pods.clear();
        servedNamespaces.values().forEach(shared -> shared.ifPresent(ReferenceMcpServer::close));
        client.close();
    }

    private void registerNode() {
        Map<String, Quantity> capacity =
                Map.of(
                        "cpu", new Quantity("64"),
                        "memory", new Quantity("256Gi"),
                        "pods", new Quantity("5000"),
                        "ephemeral-storage", new Quantity("500Gi"));
        String now = now();
        Node node =
                new NodeBuilder()
                        .withNewMetadata()
                        .withName(nodeName)
                        .addToLabels("kubernetes.io/hostname", nodeName)
                        .addToLabels("kubernetes.io/os", "linux")
                        .endMetadata()
                        .withNewStatus()
                        .withCapacity(capacity)
                        .withAllocatable(capacity)
                        .addNewAddress()
                        .withType("InternalIP")
                        .withAddress(LOOPBACK)
                        .endAddress()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .withReason("KubeletReady")
                        .withMessage("node stand-in of the test control plane")
                        .withLastHeartbeatTime(now)
                        .withLastTransitionTime(now)
                        .endCondition()
                        .endStatus()
                        .build();
        client.nodes().resource(node).create();
    }

    private ResourceEventHandler<Pod> onPodChange() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                stopPod(pod.getMetadata().getUid());
            }
        };
    }

    private void rescan() {
        if (informer != null) {
            informer.getStore().list().forEach(this::consider);
        }
    }

    private void consider(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (closed) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            stopPod(uid);
            confirmDeletion(pod);
            return;
        }
        if (!servedNamespaces.containsKey(pod.getMetadata().getNamespace())
                || pods.containsKey(uid)) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return;
        }
        if (starting.add(uid)) {
            Thread.ofVirtual()
                    .name("node-pod-" + pod.getMetadata().getName())
                    .start(() -> run(pod));
        }
    }

    private void run(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            PodEnvironment.Result env =
                    PodEnvironment.resolve(pod, secretName -> secret(namespace, secretName));
            if (env.missingSecret().isPresent()) {
                String missing = env.missingSecret().get();
                writeStatus(namespace, name, uid, PodStatuses.waitingForSecret(pod, missing));
                watchForSecret(namespace, missing);
                // The Secret may have arrived before the watch started.
                env = PodEnvironment.resolve(pod, secretName -> secret(namespace, secretName));
                if (env.missingSecret().isPresent()) {
                    return;
                }
            }
            Optional<ReferenceMcpServer> shared = servedNamespaces.get(namespace);
            ReferenceMcpServer own = shared.isEmpty() ? ReferenceMcpServer.start(env.env()) : null;
            int port = own != null ? own.port() : shared.get().port();
            RunningPod running = new RunningPod(pod, own, port);
            if (closed || !stillExists(namespace, name, uid)) {
                running.stop();
                return;
            }
            pods.put(uid, running);
            LOG.info("pod " + namespace + "/" + name + " runs its MCP server on port " + port);
            writeStatus(namespace, name, uid, PodStatuses.running(pod, LOOPBACK));
        } catch (RuntimeException e) {
            LOG.warning("cannot start pod " + namespace + "/" + name + ": " + e.getMessage());
        } finally {
            starting.remove(uid);
        }
    }

    /**
     * Looks at the Pods again when Secret {@code namespace/secretName} appears. The Node authorizer
     * refuses the watch until its graph has the Pod's binding: then the Pods are looked at again
     * shortly, as a kubelet's next sync would.
     */
    private void watchForSecret(String namespace, String secretName) {
        String key = namespace + "/" + secretName;
        if (closed || secretWatches.containsKey(key)) {
            return;
        }
        Watcher<Secret> watcher =
                new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Secret secret) {
                        if (action != Action.DELETED) {
                            Watch done = secretWatches.remove(key);
                            rescan();
                            if (done != null) {
                                Thread.ofVirtual().start(done::close);
                            }
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        secretWatches.remove(key);
                        rescanSoon();
                    }
                };
        try {
            Watch watch =
                    client.secrets().inNamespace(namespace).withName(secretName).watch(watcher);
            if (secretWatches.putIfAbsent(key, watch) != null) {
                watch.close();
            }
        } catch (KubernetesClientException e) {
            rescanSoon();
        }
    }

    private void rescanSoon() {
        if (!closed) {
            Thread.ofVirtual()
                    .start(
                            () -> {
                                for (int i = 0; i < 5 && !closed; i++) {
                                    Waiting.pause();
                                }
                                rescan();
                            });
        }
    }

    private void watchExits() {
        while (!closed) {
            for (RunningPod pod : pods.values()) {
                if (pod.isAlive() && pod.ownServer != null && !pod.ownServer.isAlive()) {
                    LOG.warning(
                            "pod "
                                    + pod.name
                                    + ": its MCP server exited; marking it Failed. It printed:\n"
                                    + pod.ownServer.output());
                    pod.alive = false;
                    writeStatus(pod.namespace, pod.name, pod.uid, PodStatuses.crashed(podOf(pod)));
                }
            }
            try {
                // A child process gives no event to watch for its exit.
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stopPod(String uid) {
        RunningPod gone = pods.remove(uid);
        if (gone != null) {
            gone.stop();
        }
    }

    /** Removes a deleted Pod for good, as a kubelet does once its containers stopped. */
    private void confirmDeletion(Pod pod) {
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .withGracePeriod(0)
                    .delete();
        } catch (KubernetesClientException e) {
            LOG.fine("cannot confirm deletion of " + pod.getMetadata().getName() + ": " + e);
        }
    }

    /**
     * A Secret a Pod of this node references, read as the kubelet reads it. The Node authorizer
     * allows the read only once its graph has seen the Pod bound here, a moment after the binding
     * the informer already delivered: a refusal then is retried, as a kubelet's next sync would.
     */
    private Secret secret(String namespace, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.secrets().inNamespace(namespace).withName(name).get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403 || attempt == SECRET_READ_ATTEMPTS || closed) {
                    throw e;
                }
                Waiting.pause();
            }
        }
    }

    private Pod podOf(RunningPod pod) {
        return client.pods().inNamespace(pod.namespace).withName(pod.name).get();
    }

    private boolean stillExists(String namespace, String name, String uid) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        return current != null
                && uid.equals(current.getMetadata().getUid())
                && current.getMetadata().getDeletionTimestamp() == null;
    }

    private Optional<InetSocketAddress> backend(String namespace, Map<String, String> selector) {
        return pods.values().stream()
                .filter(
                        p ->
                                p.isAlive()
                                        && p.namespace().equals(namespace)
                                        && p.labels.entrySet().containsAll(selector.entrySet()))
                .findFirst()
                .map(p -> new InetSocketAddress(LOOPBACK, p.port));
    }

    private void writeStatus(String namespace, String name, String uid, PodStatus status) {
        if (status == null) {
            return;
        }
        try {
            client.pods()
                    .inNamespace(namespace)
                    .withName(name)
                    .editStatus(
                            p -> {
                                if (Objects.equals(uid, p.getMetadata().getUid())) {
                                    p.setStatus(status);
                                }
                                return p;
                            });
        } catch (KubernetesClientException e) {
            LOG.fine("cannot write status of pod " + name + ": " + e.getMessage());
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
