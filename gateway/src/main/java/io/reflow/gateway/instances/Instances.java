package io.reflow.gateway.instances;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every running server of the gateway, whatever its transport: one sorted list, restarts by id, and
 * change subscriptions that the gateway ends when it stops.
 */
public final class Instances implements AutoCloseable {

    private static final Comparator<InstanceView> ORDER =
            Comparator.comparing(InstanceView::target).thenComparing(InstanceView::id);

    private final List<InstanceSource> sources;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Lists and restarts the servers of {@code sources}. */
    public Instances(List<InstanceSource> sources) {
        this.sources = List.copyOf(sources);
        this.sources.forEach(source -> source.onChange(this::changed));
    }

    /** Every running server, sorted by target then id. */
    public List<InstanceView> list() {
        List<InstanceView> all = new ArrayList<>();
        sources.forEach(source -> all.addAll(source.list()));
        all.sort(ORDER);
        return all;
    }

    /** The server of that id, if one runs. */
    public Optional<InstanceView> find(String id) {
        return list().stream().filter(view -> view.id().equals(id)).findFirst();
    }

    /** Restarts the server of that id; false when none has it. */
    public boolean restart(String id) {
        for (InstanceSource source : sources) {
            if (source.restart(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Subscribes to changes: the subscription's {@link Subscription#await} returns when one
     * happened. Closed subscriptions (and all of them once the gateway stops) return at once.
     */
    public Subscription subscribe() {
        Subscription subscription = new Subscription(this);
        subscriptions.add(subscription);
        if (closed) {
            subscription.close();
        }
        return subscription;
    }

    private void changed() {
        subscriptions.forEach(Subscription::signal);
    }

    void unsubscribe(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    /** Ends every subscription, so that open event streams finish before the server stops. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(subscriptions).forEach(Subscription::close);
    }
}
