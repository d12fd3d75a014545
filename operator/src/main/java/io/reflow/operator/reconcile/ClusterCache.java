package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.operator.model.Owners;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Informers on the MCPInstances of one namespace, on the Pods and Services the operator made for
 * them and on the Secrets the gateway made for them (by label). Event handlers only turn events
 * into instance keys; reconciles read these caches.
 */
public final class ClusterCache implements AutoCloseable {

    private static final String BY_SECRET = "bySecret";
    private static final long INSTANCE_RESYNC_MILLIS = 5 * 60 * 1000L;

    private final String namespace;
    private final SharedIndexInformer<MCPInstance> instances;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Secret> secrets;

    /** Informers on {@code namespace}; nothing is watched before {@link #start(Consumer)}. */
    public ClusterCache(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        instances =
                client.resources(MCPInstance.class)
                        .inNamespace(namespace)
                        .runnableInformer(INSTANCE_RESYNC_MILLIS);
        instances.addIndexers(Map.of(BY_SECRET, ClusterCache::secretOf));
        pods =
                client.pods()
                        .inNamespace(namespace)
                        .withLabel(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_OPERATOR)
                        .runnableInformer(0);
        services =
                client.services()
                        .inNamespace(namespace)
                        .withLabel(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_OPERATOR)
                        .runnableInformer(0);
        // Only the gateway's Secrets: the operator never reads, let alone mounts, any other one.
        secrets =
                client.secrets()
                        .inNamespace(namespace)
                        .withLabel(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                        .runnableInformer(0);
    }

    /**
     * Starts watching; every event becomes the key of the instance it concerns.
     *
     * @return completes once every cache holds its initial list
     */
    public CompletableFuture<Void> start(Consumer<String> enqueue) {
        instances.addEventHandler(
                handler(enqueue, instance -> List.of(Cache.metaNamespaceKeyFunc(instance))));
        pods.addEventHandler(handler(enqueue, ClusterCache::ownerKeys));
        services.addEventHandler(handler(enqueue, ClusterCache::ownerKeys));
        secrets.addEventHandler(handler(enqueue, this::referencingKeys));
        return CompletableFuture.allOf(
                instances.start().toCompletableFuture(),
                pods.start().toCompletableFuture(),
                services.start().toCompletableFuture(),
                secrets.start().toCompletableFuture());
    }

    /** Whether every cache holds its initial list. */
    public boolean hasSynced() {
        return instances.hasSynced()
                && pods.hasSynced()
                && services.hasSynced()
                && secrets.hasSynced();
    }

    /** The namespace these caches watch. */
    public String namespace() {
        return namespace;
    }

    /** The cached instance with key {@code namespace/name}, or null. */
    public MCPInstance instance(String key) {
        return instances.getStore().getByKey(key);
    }

    /** The cached operator-managed Pod, or null. */
    public Pod pod(String name) {
        return pods.getStore().getByKey(namespace + "/" + name);
    }

    /** The cached operator-managed Service, or null. */
    public Service service(String name) {
        return services.getStore().getByKey(namespace + "/" + name);
    }

    /** The cached gateway-managed Secret, or null. */
    public Secret secret(String name) {
        return secrets.getStore().getByKey(namespace + "/" + name);
    }

    /** Keys of every cached instance. */
    public List<String> instanceKeys() {
        return instances.getStore().listKeys();
    }

    /** Number of cached instances per phase; an instance without status counts as Pending. */
    public Map<InstancePhase, Integer> phases() {
        Map<InstancePhase, Integer> counts = new EnumMap<>(InstancePhase.class);
        for (MCPInstance instance : instances.getStore().list()) {
            InstancePhase phase =
                    instance.getStatus() == null || instance.getStatus().getPhase() == null
                            ? InstancePhase.Pending
                            : instance.getStatus().getPhase();
            counts.merge(phase, 1, Integer::sum);
        }
        return counts;
    }

    /** Stops every informer. */
    @Override
    public void close() {
        instances.stop();
        pods.stop();
        services.stop();
        secrets.stop();
    }

    private static List<String> secretOf(MCPInstance instance) {
        if (instance.getSpec() == null
                || instance.getSpec().getSecretName() == null
                || instance.getSpec().getSecretName().isEmpty()) {
            return List.of();
        }
        return List.of(instance.getSpec().getSecretName());
    }

    private static List<String> ownerKeys(HasMetadata object) {
        return Owners.instanceKey(object).map(List::of).orElse(List.of());
    }

    private List<String> referencingKeys(Secret secret) {
        List<String> keys = new ArrayList<>(ownerKeys(secret));
        for (MCPInstance instance :
                instances.getIndexer().byIndex(BY_SECRET, secret.getMetadata().getName())) {
            keys.add(Cache.metaNamespaceKeyFunc(instance));
        }
        return keys;
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(
            Consumer<String> enqueue, Function<T, List<String>> keys) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                keys.apply(object).forEach(enqueue);
            }

            @Override
            public void onUpdate(T before, T after) {
                keys.apply(after).forEach(enqueue);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                keys.apply(object).forEach(enqueue);
            }
        };
    }
}
