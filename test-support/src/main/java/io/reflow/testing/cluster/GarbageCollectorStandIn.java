package io.reflow.testing.cluster;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Emulates the Kubernetes garbage collector for one namespace of the embedded API server, which has
 * none: when an object is deleted, it deletes the Pods, Services and Secrets whose {@code
 * ownerReferences} all name owners that no longer exist (background propagation).
 *
 * <p>It watches Pods, Services and Secrets, and starts a watch on every owner kind their owner
 * references name (for example {@code MCPInstance}). Owner existence is checked against the API
 * server, not a cache, so a dependent created right after its owner is never collected by mistake.
 * Foreground deletion, {@code orphan} propagation and {@code blockOwnerDeletion} are not emulated.
 */
public final class GarbageCollectorStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GarbageCollectorStandIn.class.getName());
    private static final Set<String> DEPENDENT_KINDS = Set.of("Pod", "Service", "Secret");

    private final KubernetesClient client;
    private final String namespace;
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> ownerInformers =
            new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> sweeps = new LinkedBlockingQueue<>();
    private final AtomicLong collected = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    private GarbageCollectorStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.worker = Thread.ofVirtual().name("gc-stand-in-" + namespace).unstarted(this::loop);
    }

    /** Starts collecting orphaned Pods, Services and Secrets in {@code namespace}. */
    public static GarbageCollectorStandIn start(KubernetesClient client, String namespace) {
        GarbageCollectorStandIn gc = new GarbageCollectorStandIn(client, namespace);
        gc.worker.start();
        gc.watchDependents();
        gc.sweeps.add("start");
        return gc;
    }

    /** Number of dependents this stand-in has deleted so far. */
    public long collectedCount() {
        return collected.get();
    }

    /** Stops all watches. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        informers.forEach(SharedIndexInformer::close);
    }

    private void watchDependents() {
        informers.add(client.pods().inNamespace(namespace).inform(handler()));
        informers.add(client.services().inNamespace(namespace).inform(handler()));
        informers.add(client.secrets().inNamespace(namespace).inform(handler()));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                watchOwnerKinds(obj);
                if (!obj.getMetadata().getOwnerReferences().isEmpty()) {
                    sweeps.add("added " + obj.getKind() + " " + obj.getMetadata().getName());
                }
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                watchOwnerKinds(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                sweeps.add("deleted " + obj.getKind() + " " + obj.getMetadata().getName());
            }
        };
    }

    private void watchOwnerKinds(HasMetadata dependent) {
        for (OwnerReference ref : dependent.getMetadata().getOwnerReferences()) {
            String key = ref.getApiVersion() + "/" + ref.getKind();
            if (closed || isDependentKind(ref)) {
                continue;
            }
            ownerInformers.computeIfAbsent(
                    key,
                    k -> {
                        SharedIndexInformer<GenericKubernetesResource> informer =
                                client.genericKubernetesResources(context(ref))
                                        .inNamespace(namespace)
                                        .inform(handler());
                        informers.add(informer);
                        return informer;
                    });
        }
    }

    private static boolean isDependentKind(OwnerReference ref) {
        return "v1".equals(ref.getApiVersion()) && DEPENDENT_KINDS.contains(ref.getKind());
    }

    private void loop() {
        while (!closed) {
            try {
                sweeps.take();
                // Coalesce a burst of events into one sweep.
                sweeps.poll(20, TimeUnit.MILLISECONDS);
                sweeps.clear();
                sweep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warning("garbage collection sweep failed: " + e);
                    sweeps.add("retry");
                }
            }
        }
    }

    private void sweep() {
        List<HasMetadata> dependents = new ArrayList<>();
        dependents.addAll(client.pods().inNamespace(namespace).list().getItems());
        dependents.addAll(client.services().inNamespace(namespace).list().getItems());
        dependents.addAll(client.secrets().inNamespace(namespace).list().getItems());
        for (HasMetadata dependent : dependents) {
            List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
            if (!owners.isEmpty() && owners.stream().noneMatch(this::ownerExists)) {
                LOG.info(
                        "collecting "
                                + dependent.getKind()
                                + " "
                                + dependent.getMetadata().getName()
                                + ": its owner is gone");
                client.resource(dependent).inNamespace(namespace).delete();
                collected.incrementAndGet();
            }
        }
    }

    private boolean ownerExists(OwnerReference ref) {
        HasMetadata owner =
                client.genericKubernetesResources(context(ref))
                        .inNamespace(namespace)
                        .withName(ref.getName())
                        .get();
        return owner != null && Objects.equals(owner.getMetadata().getUid(), ref.getUid());
    }

    private static ResourceDefinitionContext context(OwnerReference ref) {
        String apiVersion = ref.getApiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(ref.getKind())
                .withPlural(Pluralize.toPlural(ref.getKind().toLowerCase(Locale.ROOT)))
                .withNamespaced(true)
                .build();
    }
}
