package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.access.PolicyRefusedException;
import io.reflow.gateway.access.PolicyStore;
import io.reflow.gateway.access.PolicyValidationException;
import io.reflow.mcp.api.MCPAccessPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * {@code store.kind: kubernetes}: policies as MCPAccessPolicy resources in the gateway's namespace,
 * read from an informer, so a change made by any replica or with kubectl reaches every replica by
 * its watch. A write returns once this replica's informer has seen it. A resource whose spec the
 * gateway cannot use (a pattern that is not RE2, say) is left out with a WARNING naming it.
 */
public final class KubernetesPolicyStore implements PolicyStore {

    private static final Logger LOG = Logger.getLogger(KubernetesPolicyStore.class.getName());
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<MCPAccessPolicy> informer;
    private final AtomicLong changes = new AtomicLong();
    private final Object signal = new Object();
    private volatile Snapshot snapshot = new Snapshot(-1, List.of());

    /** The policies as of informer change number {@code version}. */
    private record Snapshot(long version, List<Policy> policies) {}

    private KubernetesPolicyStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.informer =
                client.resources(MCPAccessPolicy.class).inNamespace(namespace).runnableInformer(0);
        informer.addEventHandler(new Changed());
    }

    /** Starts the informer and returns once it has listed the namespace. */
    public static KubernetesPolicyStore start(KubernetesClient client, String namespace) {
        KubernetesPolicyStore store = new KubernetesPolicyStore(client, namespace);
        try {
            store.informer
                    .start()
                    .toCompletableFuture()
                    .get(KubernetesTargetStore.SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return store;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "store.kind kubernetes: cannot list mcpaccesspolicies in namespace "
                            + namespace
                            + " (is the MCPAccessPolicy CRD installed, may the gateway list"
                            + " them?): "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        }
    }

    @Override
    public List<Policy> list() {
        long version = changes.get();
        Snapshot seen = snapshot;
        if (seen.version() == version) {
            return seen.policies();
        }
        List<Policy> policies = new ArrayList<>();
        for (MCPAccessPolicy resource : informer.getStore().list()) {
            try {
                policies.add(PolicyResources.fromResource(resource));
            } catch (PolicyValidationException e) {
                LOG.warning(
                        "MCPAccessPolicy "
                                + namespace
                                + "/"
                                + resource.getMetadata().getName()
                                + " is ignored: "
                                + e.getMessage());
            }
        }
        policies.sort(Comparator.comparing(Policy::id));
        Snapshot fresh = new Snapshot(version, List.copyOf(policies));
        snapshot = fresh;
        return fresh.policies();
    }

    @Override
    public void create(Policy policy) {
        long before = changes.get();
        MCPAccessPolicy created;
        try {
            created =
                    client.resources(MCPAccessPolicy.class)
                            .inNamespace(namespace)
                            .resource(PolicyResources.toResource(policy, namespace))
                            .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new PolicyRefusedException(
                        409, "conflict", "policy '" + policy.id() + "' exists already");
            }
            throw storeError(e, "create");
        }
        awaitVersion(before, policy.id(), created.getMetadata().getResourceVersion());
    }

    @Override
    public void update(Policy policy) {
        MCPAccessPolicy desired = PolicyResources.toResource(policy, namespace);
        long before = changes.get();
        MCPAccessPolicy updated;
        try {
            updated =
                    client.resources(MCPAccessPolicy.class)
                            .inNamespace(namespace)
                            .withName(policy.id())
                            .edit(
                                    current -> {
                                        current.setSpec(desired.getSpec());
                                        return current;
                                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new PolicyRefusedException(
                        404, "not_found", "no policy '" + policy.id() + "'");
            }
            throw storeError(e, "update");
        }
        awaitVersion(before, policy.id(), updated.getMetadata().getResourceVersion());
    }

    @Override
    public void delete(String id) {
        long before = changes.get();
        try {
            client.resources(MCPAccessPolicy.class).inNamespace(namespace).withName(id).delete();
        } catch (KubernetesClientException e) {
            throw storeError(e, "delete");
        }
        await(before, () -> cached(id) == null);
    }

    @Override
    public void close() {
        informer.close();
    }

    private MCPAccessPolicy cached(String id) {
        return informer.getStore().getByKey(namespace + "/" + id);
    }

    private void awaitVersion(long before, String id, String resourceVersion) {
        await(
                before,
                () -> {
                    MCPAccessPolicy seen = cached(id);
                    return seen != null
                            && resourceVersion.equals(seen.getMetadata().getResourceVersion());
                });
    }

    /**
     * Waits until {@code condition} holds on the informer cache and a change has been counted since
     * {@code before}, at most a few seconds. The informer updates its cache before it calls the
     * handler that counts, so the condition alone could let {@link #list()} answer its snapshot of
     * before the write to the writer.
     */
    private void await(long before, BooleanSupplier condition) {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        synchronized (signal) {
            while (changes.get() <= before || !condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // The write is durable anyway; the cache will catch up.
                    return;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private IllegalStateException storeError(KubernetesClientException e, String verb) {
        return new IllegalStateException(
                ApiErrors.unavailable(e, verb, "mcpaccesspolicies", namespace).getMessage(), e);
    }

    /** Counts every change, so {@link #list()} knows when to rebuild, and wakes writers. */
    private final class Changed implements ResourceEventHandler<MCPAccessPolicy> {
        @Override
        public void onAdd(MCPAccessPolicy obj) {
            changed();
        }

        @Override
        public void onUpdate(MCPAccessPolicy oldObj, MCPAccessPolicy newObj) {
            changed();
        }

        @Override
        public void onDelete(MCPAccessPolicy obj, boolean deletedFinalStateUnknown) {
            changed();
        }

        private void changed() {
            changes.incrementAndGet();
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }
}
