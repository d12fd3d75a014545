package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetConflictException;
import io.reflow.gateway.target.TargetNotFoundException;
import io.reflow.gateway.target.TargetStore;
import io.reflow.mcp.api.MCPTarget;
import io.reflow.mcp.api.McpResources;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * {@code store.kind: kubernetes}: targets as MCPTarget resources and env configs as Secrets in one
 * namespace, shared by every gateway replica. Reads come from informers, so changes made with
 * kubectl show up at once; a write returns once the informers have seen it, so a read right after
 * it sees it too.
 */
public final class KubernetesTargetStore implements TargetStore {

    /** How long a write waits for its own change to reach the informer caches. */
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<MCPTarget> targets;
    private final SharedIndexInformer<Secret> envSecrets;

    /** How long start-up waits for the first listing of targets and env Secrets. */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    private final CacheWaiters waiters = new CacheWaiters();

    private KubernetesTargetStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.targets = client.resources(MCPTarget.class).inNamespace(namespace).runnableInformer(0);
        this.envSecrets =
                client.secrets()
                        .inNamespace(namespace)
                        .withLabel(EnvSecrets.LABEL_ENV_SCOPE)
                        .runnableInformer(0);
        targets.addEventHandler(new Notify<>(waiters));
        envSecrets.addEventHandler(new Notify<>(waiters));
    }

    /**
     * Starts informers on MCPTargets and env-config Secrets in {@code namespace} and returns once
     * both have listed it: before that a lookup would call an existing target unknown (404). Throws
     * {@link IllegalStateException} when that does not happen within {@link #SYNC_TIMEOUT}.
     */
    public static KubernetesTargetStore start(KubernetesClient client, String namespace) {
        KubernetesTargetStore store = new KubernetesTargetStore(client, namespace);
        CompletableFuture<Void> synced =
                CompletableFuture.allOf(
                        store.targets.start().toCompletableFuture(),
                        store.envSecrets.start().toCompletableFuture());
        try {
            synced.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return store;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "store.kind kubernetes: cannot list mcptargets and secrets in namespace "
                            + namespace
                            + " within "
                            + SYNC_TIMEOUT.toSeconds()
                            + "s (is the API server reachable, are the CRDs installed, may the"
                            + " gateway list them?): "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        }
    }

    /** Whether both informers have listed the namespace at least once. */
    public boolean isReady() {
        return targets.hasSynced() && envSecrets.hasSynced();
    }

    @Override
    public List<Target> list() {
        return targets.getStore().list().stream()
                .map(TargetResources::fromResource)
                .sorted(Comparator.comparing(Target::name))
                .toList();
    }

    @Override
    public Optional<Target> find(String id) {
        return Optional.ofNullable(cachedTarget(id)).map(TargetResources::fromResource);
    }

    @Override
    public Target create(Target target) {
        MCPTarget created;
        try {
            created =
                    client.resources(MCPTarget.class)
                            .inNamespace(namespace)
                            .resource(TargetResources.toResource(target, namespace))
                            .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new TargetConflictException(target.name());
            }
            throw storeError(e, "create", "mcptargets");
        }
        awaitCached(created);
        return TargetResources.fromResource(created);
    }

    @Override
    public Target update(Target target) {
        MCPTarget desired = TargetResources.toResource(target, namespace);
        MCPTarget updated;
        try {
            updated =
                    client.resources(MCPTarget.class)
                            .inNamespace(namespace)
                            .withName(target.name())
                            .edit(
                                    current -> {
                                        current.setSpec(desired.getSpec());
                                        return current;
                                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new TargetNotFoundException(target.name());
            }
            throw storeError(e, "update", "mcptargets");
        }
        awaitCached(updated);
        return TargetResources.fromResource(updated);
    }

    @Override
    public boolean delete(String id) {
        boolean deleted;
        try {
            deleted =
                    !client.resources(MCPTarget.class)
                            .inNamespace(namespace)
                            .withName(id)
                            .delete()
                            .isEmpty();
            // List, then delete by name: the gateway's Role grants delete, not deletecollection.
            for (Secret secret :
                    client.secrets()
                            .inNamespace(namespace)
                            .withLabel(EnvSecrets.LABEL_ENV_SCOPE)
                            .withLabel(McpResources.LABEL_TARGET, id)
                            .list()
                            .getItems()) {
                client.secrets()
                        .inNamespace(namespace)
                        .withName(secret.getMetadata().getName())
                        .delete();
            }
        } catch (KubernetesClientException e) {
            throw storeError(e, "delete", "mcptargets and secrets");
        }
        waiters.await(
                () -> cachedTarget(id) == null && envSecretsOf(id).isEmpty(), VISIBLE_TIMEOUT);
        return deleted;
    }

    @Override
    public Map<EnvScope, Map<String, String>> envConfigs(String targetId) {
        Map<EnvScope, Map<String, String>> configs = new LinkedHashMap<>();
        for (Secret secret : envSecretsOf(targetId)) {
            EnvSecrets.scopeOf(secret)
                    .ifPresent(scope -> configs.put(scope, InstanceSecrets.decode(secret)));
        }
        return configs;
    }

    @Override
    public void putEnv(String targetId, EnvScope scope, Map<String, String> values) {
        if (cachedTarget(targetId) == null && fetchTarget(targetId) == null) {
            throw new TargetNotFoundException(targetId);
        }
        Secret desired = EnvSecrets.desired(namespace, targetId, scope, values);
        Secret written;
        try {
            written = createOrReplaceData(desired);
        } catch (KubernetesClientException e) {
            throw storeError(e, "create or update", "secrets");
        }
        awaitCached(written);
    }

    @Override
    public boolean deleteEnv(String targetId, EnvScope scope) {
        String name = EnvSecrets.secretName(targetId, scope);
        boolean deleted;
        try {
            deleted = !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty();
        } catch (KubernetesClientException e) {
            throw storeError(e, "delete", "secrets");
        }
        waiters.await(
                () -> envSecrets.getStore().getByKey(namespace + "/" + name) == null,
                VISIBLE_TIMEOUT);
        return deleted;
    }

    @Override
    public void close() {
        targets.close();
        envSecrets.close();
    }

    private Secret createOrReplaceData(Secret desired) {
        try {
            return client.secrets().inNamespace(namespace).resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        return client.secrets()
                .inNamespace(namespace)
                .withName(desired.getMetadata().getName())
                .edit(
                        current -> {
                            current.setData(desired.getData());
                            current.setStringData(null);
                            return current;
                        });
    }

    private MCPTarget cachedTarget(String id) {
        return targets.getStore().getByKey(namespace + "/" + id);
    }

    private MCPTarget fetchTarget(String id) {
        try {
            return client.resources(MCPTarget.class).inNamespace(namespace).withName(id).get();
        } catch (KubernetesClientException e) {
            throw storeError(e, "get", "mcptargets");
        }
    }

    private List<Secret> envSecretsOf(String targetId) {
        return envSecrets.getStore().list().stream()
                .filter(
                        s ->
                                targetId.equals(
                                        s.getMetadata().getLabels().get(McpResources.LABEL_TARGET)))
                .toList();
    }

    private void awaitCached(HasMetadata written) {
        String key = namespace + "/" + written.getMetadata().getName();
        String version = written.getMetadata().getResourceVersion();
        SharedIndexInformer<? extends HasMetadata> informer =
                written instanceof Secret ? envSecrets : targets;
        waiters.await(
                () -> {
                    HasMetadata cached = informer.getStore().getByKey(key);
                    return cached != null
                            && version != null
                            && isAtLeast(cached.getMetadata().getResourceVersion(), version);
                },
                VISIBLE_TIMEOUT);
    }

    private static boolean isAtLeast(String cached, String written) {
        // Resource versions are opaque; equal means our write, numeric order means a later one.
        if (cached.equals(written)) {
            return true;
        }
        try {
            return Long.parseLong(cached) >= Long.parseLong(written);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private IllegalStateException storeError(
            KubernetesClientException e, String verb, String resource) {
        return new IllegalStateException(
                ApiErrors.unavailable(e, verb, resource, namespace).getMessage(), e);
    }

    /** Re-checks the waiting writes on every informer event. */
    private record Notify<T>(CacheWaiters waiters) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            waiters.changed();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            waiters.changed();
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            waiters.changed();
        }
    }

    /** Conditions on the informer caches that callers wait for; re-checked on each event. */
    private static final class CacheWaiters {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();

        void changed() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await(BooleanSupplier condition, Duration timeout) {
            long left = timeout.toNanos();
            lock.lock();
            try {
                while (!condition.getAsBoolean() && left > 0) {
                    left = changed.awaitNanos(left);
                }
                // On timeout the write is durable anyway; the caches will catch up.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }
    }
}
