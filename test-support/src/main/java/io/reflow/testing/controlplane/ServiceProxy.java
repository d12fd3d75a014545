package io.reflow.testing.controlplane;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.testing.cluster.LoopbackForwarder;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Stands in for kube-proxy: every selector Service of a served namespace gets a {@link
 * LoopbackForwarder} on its ClusterIP (the real API server allocates it from a loopback range) and
 * each of its ports, relaying to a ready Pod of this node that the selector matches.
 */
final class ServiceProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class.getName());

    private final KubernetesClient client;
    private final Predicate<String> served;
    private final BiFunction<String, Map<String, String>, Optional<InetSocketAddress>> backends;
    private final Map<String, Bound> bound = new ConcurrentHashMap<>();
    private SharedIndexInformer<Service> informer;

    /** The forwarders of one Service (by uid), with its latest selector. */
    private record Bound(
            String namespace,
            String clusterIp,
            List<Integer> ports,
            List<LoopbackForwarder> forwarders,
            Map<String, String> selector) {}

    ServiceProxy(
            KubernetesClient client,
            Predicate<String> served,
            BiFunction<String, Map<String, String>, Optional<InetSocketAddress>> backends) {
        this.client = client;
        this.served = served;
        this.backends = backends;
    }

    void start() {
        informer =
                client.services()
                        .inAnyNamespace()
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(Service service) {
                                        sync(service);
                                    }

                                    @Override
                                    public void onUpdate(Service oldService, Service service) {
                                        sync(service);
                                    }

                                    @Override
                                    public void onDelete(Service service, boolean unknown) {
                                        release(service.getMetadata().getUid());
                                    }
                                });
    }

    /** Looks again at every Service, after a namespace became served. */
    void resync() {
        if (informer != null) {
            informer.getStore().list().forEach(this::sync);
        }
    }

    private synchronized void sync(Service service) {
        String uid = service.getMetadata().getUid();
        String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        if (!served.test(service.getMetadata().getNamespace())
                || service.getSpec().getSelector() == null
                || service.getSpec().getSelector().isEmpty()
                || clusterIp == null
                || "None".equals(clusterIp)) {
            release(uid);
            return;
        }
        List<Integer> ports =
                service.getSpec().getPorts().stream().map(ServicePort::getPort).toList();
        Map<String, String> selector = Map.copyOf(service.getSpec().getSelector());
        Bound current = bound.get(uid);
        if (current != null && current.ports().equals(ports)) {
            bound.put(
                    uid,
                    new Bound(
                            current.namespace(),
                            current.clusterIp(),
                            ports,
                            current.forwarders(),
                            selector));
            return;
        }
        release(uid);
        String namespace = service.getMetadata().getNamespace();
        List<LoopbackForwarder> forwarders = new ArrayList<>();
        try {
            InetAddress ip = InetAddress.getByName(clusterIp);
            for (int port : ports) {
                forwarders.add(LoopbackForwarder.start(ip, port, () -> backendOf(uid)));
            }
            bound.put(uid, new Bound(namespace, clusterIp, ports, forwarders, selector));
        } catch (UncheckedIOException | IllegalArgumentException | UnknownHostException e) {
            forwarders.forEach(LoopbackForwarder::close);
            LOG.warning(
                    "cannot serve ClusterIP "
                            + clusterIp
                            + " of service "
                            + service.getMetadata().getName()
                            + ": "
                            + e.getMessage());
        }
    }

    private Optional<InetSocketAddress> backendOf(String uid) {
        Bound current = bound.get(uid);
        return current == null
                ? Optional.empty()
                : backends.apply(current.namespace(), current.selector());
    }

    private synchronized void release(String uid) {
        Bound gone = bound.remove(uid);
        if (gone != null) {
            gone.forwarders().forEach(LoopbackForwarder::close);
        }
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
        List.copyOf(bound.keySet()).forEach(this::release);
    }
}
