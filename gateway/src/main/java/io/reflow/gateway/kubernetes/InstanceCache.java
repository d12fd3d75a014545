package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.ReadyReasons;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The gateway's view of the MCPInstances in its namespace, kept by an informer. Requests wait here
 * for an instance to become Ready or to go away: the futures are completed from the informer's
 * event handlers, never by polling. Also counts instances for {@code max_instances}, with
 * reservations for instances being created.
 */
final class InstanceCache implements ResourceEventHandler<MCPInstance>, AutoCloseable {

    /** A reservation that the informer never confirmed is dropped after this long. */
    private static final Duration RESERVATION_TTL = Duration.ofMinutes(1);

    private final String namespace;
    private final SharedIndexInformer<MCPInstance> informer;
    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Instant> reservations = new HashMap<>();
    private final List<Consumer<String>> goneListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    private InstanceCache(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        this.informer =
                client.resources(MCPInstance.class).inNamespace(namespace).runnableInformer(0);
        informer.addEventHandler(this);
    }

    /** Starts the informer without waiting for it to sync. */
    static InstanceCache start(KubernetesClient client, String namespace) {
        InstanceCache cache = new InstanceCache(client, namespace);
        cache.informer.start();
        return cache;
    }

    /** Whether the informer has listed the namespace at least once. */
    boolean hasSynced() {
        return informer.hasSynced();
    }

    /** The cached instance of that name, or null. */
    MCPInstance get(String name) {
        return informer.getStore().getByKey(namespace + "/" + name);
    }

    /** Every cached instance. */
    List<MCPInstance> list() {
        return informer.getStore().list();
    }

    /** Cached instances of one target. */
    List<MCPInstance> ofTarget(String targetName) {
        return list().stream()
                .filter(
                        instance ->
                                targetName.equals(
                                        instance.getMetadata()
                                                .getLabels()
                                                .get(McpResources.LABEL_TARGET)))
                .toList();
    }

    /** Calls {@code listener} with the name of every instance deleted or whose endpoint moved. */
    void onGoneOrMoved(Consumer<String> listener) {
        goneListeners.add(listener);
    }

    /** Calls {@code listener} after any instance was added, changed or deleted. */
    void onAnyChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /**
     * Reserves room for a new instance unless {@code max} instances exist or are being created.
     *
     * @return false when the limit is reached
     */
    synchronized boolean reserve(String name, int max) {
        Instant now = Instant.now();
        reservations.values().removeIf(at -> at.plus(RESERVATION_TTL).isBefore(now));
        Set<String> names = new HashSet<>(reservations.keySet());
        informer.getStore().list().forEach(i -> names.add(i.getMetadata().getName()));
        if (!names.contains(name) && names.size() >= max) {
            return false;
        }
        reservations.put(name, now);
        return true;
    }

    /** Drops a reservation (the create failed, or the informer has seen the instance). */
    synchronized void release(String name) {
        reservations.remove(name);
    }

    /**
     * Completes with the instance of this uid once it is Ready with the credentials of {@code
     * secretHash}, or Failed, or with null once it is deleted.
     */
    CompletableFuture<MCPInstance> awaitSettled(String name, String uid, String secretHash) {
        return await(
                name,
                uid,
                instance ->
                        instance == null || servesWith(instance, secretHash) || isFailed(instance),
                false);
    }

    /** Completes with null once the instance of this uid is deleted. */
    CompletableFuture<MCPInstance> awaitGone(String name, String uid) {
        return await(name, uid, Objects::isNull, true);
    }

    private CompletableFuture<MCPInstance> await(
            String name, String uid, Predicate<MCPInstance> done, boolean absentMeansDone) {
        Waiter waiter = new Waiter(uid, done, new CompletableFuture<>());
        waiters.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(waiter);
        waiter.future.whenComplete(
                (result, error) -> {
                    Set<Waiter> set = waiters.get(name);
                    if (set != null) {
                        set.remove(waiter);
                    }
                });
        // The state may have settled before the waiter was registered.
        MCPInstance current = get(name);
        if (current != null && uid.equals(current.getMetadata().getUid())) {
            waiter.offer(current, false);
        } else if (absentMeansDone) {
            // Absent (or replaced by a newer object of the same name): the old one is gone.
            waiter.future.complete(null);
        }
        return waiter.future;
    }

    /** Whether the instance serves: phase Ready, an endpoint, and not being deleted. */
    static boolean isReady(MCPInstance instance) {
        return instance.getStatus() != null
                && instance.getStatus().getPhase() == InstancePhase.Ready
                && instance.getStatus().getEndpoint() != null
                && !instance.getStatus().getEndpoint().isBlank()
                && instance.getMetadata().getDeletionTimestamp() == null
                && runsCurrentCredentials(instance);
    }

    /** Whether the instance is Ready and runs with the credentials of {@code secretHash}. */
    static boolean servesWith(MCPInstance instance, String secretHash) {
        return isReady(instance)
                && Objects.equals(
                        blankToNull(secretHash), blankToNull(McpResources.secretHash(instance)));
    }

    /**
     * Whether the status was observed against the instance's current secret hash. Right after the
     * gateway changed the hash, the status still describes the Pod with the old credentials, which
     * the operator is about to replace: no request may go there.
     */
    private static boolean runsCurrentCredentials(MCPInstance instance) {
        return Objects.equals(
                blankToNull(McpResources.secretHash(instance)),
                blankToNull(instance.getStatus().getSecretHash()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Whether the operator gave up on the instance: phase Failed, or a terminal reason of its Ready
     * condition ({@link ReadyReasons#isTerminal}). A missing Secret ({@link
     * ReadyReasons#SECRET_NOT_FOUND}) does not count: the gateway writes the Secret right after the
     * instance, and the operator reconciles again when it arrives.
     */
    static boolean isFailed(MCPInstance instance) {
        if (instance.getStatus() == null) {
            return false;
        }
        String reason = readyReason(instance);
        return ReadyReasons.isTerminal(reason)
                || (instance.getStatus().getPhase() == InstancePhase.Failed
                        && !ReadyReasons.SECRET_NOT_FOUND.equals(reason));
    }

    /** The reason of the instance's Ready condition, or null. */
    static String readyReason(MCPInstance instance) {
        if (instance.getStatus() == null || instance.getStatus().getConditions() == null) {
            return null;
        }
        return instance.getStatus().getConditions().stream()
                .filter(condition -> "Ready".equals(condition.getType()))
                .map(Condition::getReason)
                .findFirst()
                .orElse(null);
    }

    @Override
    public void onAdd(MCPInstance instance) {
        release(instance.getMetadata().getName());
        notifyWaiters(instance, false);
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public void onUpdate(MCPInstance before, MCPInstance after) {
        if (!Objects.equals(endpointOf(before), endpointOf(after))) {
            goneListeners.forEach(l -> l.accept(after.getMetadata().getName()));
        }
        notifyWaiters(after, false);
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public void onDelete(MCPInstance instance, boolean deletedFinalStateUnknown) {
        release(instance.getMetadata().getName());
        goneListeners.forEach(l -> l.accept(instance.getMetadata().getName()));
        notifyWaiters(instance, true);
        changeListeners.forEach(Runnable::run);
    }

    private void notifyWaiters(MCPInstance instance, boolean deleted) {
        Set<Waiter> set = waiters.get(instance.getMetadata().getName());
        if (set != null) {
            set.forEach(waiter -> waiter.offer(instance, deleted));
        }
    }

    private static String endpointOf(MCPInstance instance) {
        if (!isReady(instance)) {
            return null;
        }
        return instance.getStatus().getEndpoint() + " " + instance.getSpec().getMcpPath();
    }

    @Override
    public void close() {
        informer.close();
        waiters.values()
                .forEach(
                        set ->
                                set.forEach(
                                        w ->
                                                w.future.completeExceptionally(
                                                        new IllegalStateException(
                                                                "the gateway is shutting down"))));
    }

    /** One request waiting for one instance (by uid) to reach a state. */
    private record Waiter(
            String uid, Predicate<MCPInstance> done, CompletableFuture<MCPInstance> future) {

        void offer(MCPInstance instance, boolean deleted) {
            if (!uid.equals(instance.getMetadata().getUid())) {
                return;
            }
            MCPInstance state = deleted ? null : instance;
            if (done.test(state)) {
                future.complete(state);
            }
        }
    }
}
