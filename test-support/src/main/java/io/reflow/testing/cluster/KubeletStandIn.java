package io.reflow.testing.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.testing.ReferenceMcpServer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Emulates the kubelet (and, through {@link ServiceNetwork}, ClusterIP allocation and kube-proxy)
 * for one namespace of the embedded API server, which has neither.
 *
 * <p>For every Pod it runs a real reference MCP server ({@link ReferenceMcpServer}) as a local
 * process with the Pod's first container's {@code env} and every key of its {@code envFrom}
 * Secrets; a missing Secret leaves the Pod {@code Pending} with the waiting reason {@code
 * CreateContainerConfigError} until the Secret appears. Once the server listens, the Pod's status
 * turns {@code Running}, {@code podIP 127.0.0.1}, {@code Ready=True}. Deleting the Pod stops the
 * process. Every Service with a selector gets a unique ClusterIP {@code 127.0.0.N} and a forwarder
 * on each of its ports to the process of a Pod it selects, so {@code http://<clusterIP>:<port>/mcp}
 * reaches that Pod's MCP server as in a cluster.
 *
 * <p>Not emulated: container images and commands (every Pod runs the reference server), probes,
 * restart policies (a killed server leaves its Pod {@code Failed}), env changes after start,
 * scheduling and node names.
 */
public final class KubeletStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeletStandIn.class.getName());
    private static final String LOOPBACK = "127.0.0.1";

    private final KubernetesClient client;
    private final String namespace;
    private final ReferenceMcpServer shared;
    private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();

    /** Pods (by uid) waiting for a Secret; retried on Secret events only. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    private final ServiceNetwork network;
    private SharedIndexInformer<Pod> podInformer;
    private SharedIndexInformer<Secret> secretInformer;
    private volatile boolean closed;

    /** A Pod whose container this stand-in started; {@code server} is null in shared mode. */
    private static final class RunningPod {
        private final String uid;
        private final String name;
        private final Map<String, String> labels;
        private final ReferenceMcpServer server;
        private final int port;
        private volatile boolean alive = true;

        RunningPod(Pod pod, ReferenceMcpServer server, int port) {
            this.uid = pod.getMetadata().getUid();
            this.name = pod.getMetadata().getName();
            Map<String, String> podLabels = pod.getMetadata().getLabels();
            this.labels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
            this.server = server;
            this.port = port;
        }
    }

    private KubeletStandIn(KubernetesClient client, String namespace, ReferenceMcpServer shared) {
        this.client = client;
        this.namespace = namespace;
        this.shared = shared;
        this.network = new ServiceNetwork(client, namespace, this::backend);
    }

    /** Starts the stand-in with one reference MCP server process per Pod (env applied). */
    public static KubeletStandIn start(KubernetesClient client, String namespace) {
        return startWith(client, namespace, null);
    }

    /**
     * Starts the stand-in with one reference MCP server shared by every Pod: cheaper, for tests
     * that do not look at a Pod's environment (Secrets are still required to exist).
     */
    public static KubeletStandIn startSharingOneServer(KubernetesClient client, String namespace) {
        return startWith(client, namespace, ReferenceMcpServer.start());
    }

    private static KubeletStandIn startWith(
            KubernetesClient client, String namespace, ReferenceMcpServer shared) {
        KubeletStandIn kubelet = new KubeletStandIn(client, namespace, shared);
        kubelet.network.start();
        kubelet.secretInformer =
                client.secrets().inNamespace(namespace).inform(kubelet.onSecretChange());
        kubelet.podInformer = client.pods().inNamespace(namespace).inform(kubelet.onPodChange());
        Thread.ofVirtual().name("kubelet-exit-watch-" + namespace).start(kubelet::watchExits);
        return kubelet;
    }

    /** Number of Pods whose MCP server is running (in shared mode they share one process). */
    public int runningServers() {
        return (int) pods.values().stream().filter(p -> p.alive).count();
    }

    /** Names of the Pods whose MCP server is running. */
    public Set<String> runningPods() {
        return pods.values().stream()
                .filter(p -> p.alive)
                .map(p -> p.name)
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Kills the MCP server of Pod {@code podName} as a crash would: the process dies, the Pod turns
     * {@code Failed} with {@code Ready=False}, and its Services stop routing to it.
     */
    public void killServer(String podName) {
        RunningPod pod =
                pods.values().stream()
                        .filter(p -> p.alive && p.name.equals(podName))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "podName: no running server for pod " + podName));
        pod.alive = false;
        if (pod.server != null) {
            pod.server.close();
        }
        writeStatus(podName, pod.uid, crashedStatus(podName));
    }

    /**
     * Reports a server process that exited on its own as a crashed container, as a kubelet does. A
     * child process gives no event to watch here, so its liveness is checked every 250 ms.
     */
    private void watchExits() {
        while (!closed) {
            for (RunningPod pod : pods.values()) {
                if (pod.alive && pod.server != null && !pod.server.isAlive()) {
                    pod.alive = false;
                    LOG.warning(
                            "pod "
                                    + pod.name
                                    + ": its MCP server exited; marking it Failed. It printed:\n"
                                    + pod.server.output());
                    writeStatus(pod.name, pod.uid, crashedStatus(pod.name));
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops every server, forwarder and watch. */
    @Override
    public void close() {
        closed = true;
        if (podInformer != null) {
            podInformer.close();
        }
        if (secretInformer != null) {
            secretInformer.close();
        }
        network.close();
        pods.values().forEach(this::stop);
        pods.clear();
        if (shared != null) {
            shared.close();
        }
    }

    private ResourceEventHandler<Pod> onPodChange() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod, false);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                consider(pod, false);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                waiting.remove(pod.getMetadata().getUid());
                RunningPod gone = pods.remove(pod.getMetadata().getUid());
                if (gone != null) {
                    stop(gone);
                }
            }
        };
    }

    private ResourceEventHandler<Secret> onSecretChange() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
                retryWaitingPods();
            }

            @Override
            public void onUpdate(Secret oldSecret, Secret secret) {
                retryWaitingPods();
            }

            @Override
            public void onDelete(Secret secret, boolean deletedFinalStateUnknown) {
                // A running container keeps the env it started with.
            }
        };
    }

    private void retryWaitingPods() {
        if (podInformer != null) {
            podInformer.getStore().list().forEach(pod -> consider(pod, true));
        }
    }

    private void consider(Pod pod, boolean secretsChanged) {
        String uid = pod.getMetadata().getUid();
        if (closed || pods.containsKey(uid) || (waiting.contains(uid) && !secretsChanged)) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return;
        }
        if (starting.add(uid)) {
            Thread.ofVirtual().name("kubelet-" + pod.getMetadata().getName()).start(() -> run(pod));
        }
    }

    private void run(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String name = pod.getMetadata().getName();
        try {
            PodEnvironment.Result env = PodEnvironment.resolve(pod, this::secret);
            if (env.missingSecret().isPresent()) {
                if (waiting.add(uid)) {
                    writeStatus(name, uid, waitingStatus(pod, env.missingSecret().get()));
                }
                // The Secret may have arrived while this pod was not yet marked as waiting.
                env = PodEnvironment.resolve(pod, this::secret);
                if (env.missingSecret().isPresent()) {
                    return;
                }
            }
            waiting.remove(uid);
            ReferenceMcpServer server =
                    shared != null ? shared : ReferenceMcpServer.start(env.env());
            RunningPod running = new RunningPod(pod, shared != null ? null : server, server.port());
            if (closed || !stillExists(name, uid)) {
                stop(running);
                return;
            }
            pods.put(uid, running);
            LOG.info("pod " + name + " running its MCP server on port " + server.port());
            writeStatus(name, uid, runningStatus(pod));
            if (!stillExists(name, uid) && pods.remove(uid) != null) {
                stop(running);
            }
        } catch (RuntimeException e) {
            LOG.warning("cannot start pod " + name + ": " + e.getMessage());
        } finally {
            starting.remove(uid);
        }
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    private boolean stillExists(String name, String uid) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        return current != null
                && uid.equals(current.getMetadata().getUid())
                && current.getMetadata().getDeletionTimestamp() == null;
    }

    private void stop(RunningPod pod) {
        pod.alive = false;
        if (pod.server != null) {
            pod.server.close();
        }
    }

    private Optional<InetSocketAddress> backend(Map<String, String> selector) {
        return pods.values().stream()
                .filter(p -> p.alive && p.labels.entrySet().containsAll(selector.entrySet()))
                .findFirst()
                .map(p -> new InetSocketAddress(LOOPBACK, p.port));
    }

    private void writeStatus(String name, String uid, PodStatus status) {
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
            // Deleted meanwhile: nothing to report on.
            LOG.fine("cannot write status of pod " + name + ": " + e.getMessage());
        }
    }

    private static PodStatus runningStatus(Pod pod) {
        String now = now();
        List<ContainerStatus> containers =
                pod.getSpec().getContainers().stream()
                        .map(
                                c ->
                                        base(c).withReady(true)
                                                .withStarted(true)
                                                .withNewState()
                                                .withNewRunning(now)
                                                .endState()
                                                .build())
                        .toList();
        return new PodStatusBuilder()
                .withPhase("Running")
                .withHostIP(LOOPBACK)
                .withPodIP(LOOPBACK)
                .withPodIPs(new PodIPBuilder().withIp(LOOPBACK).build())
                .withStartTime(now)
                .withConditions(
                        condition("PodScheduled", "True", null, now),
                        condition("Initialized", "True", null, now),
                        condition("ContainersReady", "True", null, now),
                        condition("Ready", "True", null, now))
                .withContainerStatuses(containers)
                .build();
    }

    private static PodStatus waitingStatus(Pod pod, String missingSecret) {
        String now = now();
        String message = "secret \"" + missingSecret + "\" not found";
        List<ContainerStatus> containers =
                pod.getSpec().getContainers().stream()
                        .map(
                                c ->
                                        base(c).withReady(false)
                                                .withStarted(false)
                                                .withNewState()
                                                .withNewWaiting(
                                                        message, "CreateContainerConfigError")
                                                .endState()
                                                .build())
                        .toList();
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withHostIP(LOOPBACK)
                .withConditions(
                        condition("PodScheduled", "True", null, now),
                        condition("Ready", "False", "ContainersNotReady", now))
                .withContainerStatuses(containers)
                .build();
    }

    private PodStatus crashedStatus(String podName) {
        String now = now();
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        List<Container> specs = pod == null ? List.of() : pod.getSpec().getContainers();
        List<ContainerStatus> containers =
                specs.stream()
                        .map(
                                c ->
                                        base(c).withReady(false)
                                                .withStarted(false)
                                                .withNewState()
                                                .withNewTerminated()
                                                .withExitCode(137)
                                                .withReason("Error")
                                                .withFinishedAt(now)
                                                .endTerminated()
                                                .endState()
                                                .build())
                        .toList();
        return new PodStatusBuilder()
                .withPhase("Failed")
                .withHostIP(LOOPBACK)
                .withPodIP(LOOPBACK)
                .withConditions(
                        condition("PodScheduled", "True", null, now),
                        condition("ContainersReady", "False", "ContainersNotReady", now),
                        condition("Ready", "False", "ContainersNotReady", now))
                .withContainerStatuses(containers)
                .build();
    }

    private static ContainerStatusBuilder base(Container container) {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withRestartCount(0);
    }

    private static PodCondition condition(String type, String status, String reason, String now) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withLastTransitionTime(now)
                .build();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
