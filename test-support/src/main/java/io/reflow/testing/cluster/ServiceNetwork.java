package io.reflow.testing.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Emulates Service networking (the API server's ClusterIP allocator plus kube-proxy) on loopback:
 * every selector Service gets a unique ClusterIP {@code 127.0.0.N} (N from 2 up) and a {@link
 * LoopbackForwarder} per port that relays to a ready Pod the selector matches.
 */
final class ServiceNetwork implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceNetwork.class.getName());

    /** Shared by every stand-in in this JVM so two clusters never hand out the same address. */
    private static final AtomicInteger NEXT_HOST = new AtomicInteger(2);

    private static final int MAX_ADDRESS_ATTEMPTS = 200;

    private final KubernetesClient client;
    private final String namespace;
    private final Function<Map<String, String>, Optional<InetSocketAddress>> backends;
    private final Map<String, Bound> bound = new ConcurrentHashMap<>();
    private SharedIndexInformer<Service> informer;

    /** The forwarders of one Service (by uid), with the Service's latest selector. */
    private record Bound(
            String address,
            List<Integer> ports,
            List<LoopbackForwarder> forwarders,
            Map<String, String> selector) {}

    ServiceNetwork(
            KubernetesClient client,
            String namespace,
            Function<Map<String, String>, Optional<InetSocketAddress>> backends) {
        this.client = client;
        this.namespace = namespace;
        this.backends = backends;
    }

    void start() {
        informer =
                client.services()
                        .inNamespace(namespace)
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

    private synchronized void sync(Service service) {
        String uid = service.getMetadata().getUid();
        if (service.getSpec() == null
                || service.getSpec().getSelector() == null
                || service.getSpec().getSelector().isEmpty()
                || "None".equals(service.getSpec().getClusterIP())) {
            release(uid);
            return;
        }
        List<Integer> ports =
                service.getSpec().getPorts().stream().map(ServicePort::getPort).toList();
        Map<String, String> selector = Map.copyOf(service.getSpec().getSelector());
        Bound current = bound.get(uid);
        String clusterIp = service.getSpec().getClusterIP();
        if (current != null && current.ports().equals(ports)) {
            bound.put(uid, new Bound(current.address(), ports, current.forwarders(), selector));
        } else {
            release(uid);
            String wanted = current != null ? current.address() : blankToNull(clusterIp);
            Bound fresh = bind(uid, wanted, ports, selector);
            if (fresh == null) {
                return;
            }
            bound.put(uid, fresh);
        }
        if (!Objects.equals(clusterIp, bound.get(uid).address())) {
            assignClusterIp(service, bound.get(uid).address());
        }
    }

    private Bound bind(
            String uid, String wanted, List<Integer> ports, Map<String, String> selector) {
        if (wanted != null) {
            List<LoopbackForwarder> forwarders = tryBind(uid, wanted, ports);
            if (forwarders == null) {
                LOG.warning("cannot serve ClusterIP " + wanted + " on this machine");
            }
            return forwarders == null ? null : new Bound(wanted, ports, forwarders, selector);
        }
        for (int attempt = 0; attempt < MAX_ADDRESS_ATTEMPTS; attempt++) {
            String address = nextAddress();
            List<LoopbackForwarder> forwarders = tryBind(uid, address, ports);
            if (forwarders != null) {
                return new Bound(address, ports, forwarders, selector);
            }
        }
        throw new IllegalStateException("no free loopback address for a Service ClusterIP");
    }

    /** Binds every port on {@code address}; null when one of them is taken. */
    private List<LoopbackForwarder> tryBind(String uid, String address, List<Integer> ports) {
        List<LoopbackForwarder> forwarders = new ArrayList<>();
        try {
            InetAddress ip = InetAddress.getByName(address);
            for (int port : ports) {
                forwarders.add(LoopbackForwarder.start(ip, port, () -> backendOf(uid)));
            }
            return forwarders;
        } catch (UncheckedIOException | IllegalArgumentException | UnknownHostException e) {
            forwarders.forEach(LoopbackForwarder::close);
            return null;
        }
    }

    private Optional<InetSocketAddress> backendOf(String uid) {
        Bound current = bound.get(uid);
        return current == null ? Optional.empty() : backends.apply(current.selector());
    }

    private void assignClusterIp(Service service, String address) {
        String uid = service.getMetadata().getUid();
        try {
            client.services()
                    .inNamespace(namespace)
                    .withName(service.getMetadata().getName())
                    .edit(
                            s -> {
                                if (uid.equals(s.getMetadata().getUid())) {
                                    s.getSpec().setClusterIP(address);
                                    s.getSpec().setClusterIPs(List.of(address));
                                }
                                return s;
                            });
        } catch (KubernetesClientException e) {
            // Deleted or changed meanwhile: the next event brings it back here.
            LOG.fine("cannot assign ClusterIP to " + service.getMetadata().getName() + ": " + e);
        }
    }

    private synchronized void release(String uid) {
        Bound gone = bound.remove(uid);
        if (gone != null) {
            gone.forwarders().forEach(LoopbackForwarder::close);
        }
    }

    private static String nextAddress() {
        while (true) {
            int host = NEXT_HOST.getAndIncrement();
            int low = host & 0xff;
            if (low != 0 && low != 255 && host < 0xffff) {
                return "127.0." + (host >> 8) + "." + low;
            }
            if (host >= 0xffff) {
                throw new IllegalStateException("loopback ClusterIP range exhausted");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
        List.copyOf(bound.keySet()).forEach(this::release);
    }
}
