package io.reflow.gateway.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every policy the gateway applies: the read-only static policies of the config file together with
 * the policies of the store, and the {@link PolicyIndex} built from them, rebuilt only when the
 * store's list changed.
 */
public final class PolicyCatalog {

    private final Map<String, Policy> statics = new LinkedHashMap<>();
    private final PolicyStore store;
    private volatile Built built;

    /** The index and the store list it was built from. */
    private record Built(List<Policy> stored, PolicyIndex index) {}

    /** Combines static policies with a store. */
    public PolicyCatalog(List<Policy> staticPolicies, PolicyStore store) {
        staticPolicies.forEach(p -> statics.put(p.id(), p.asReadOnly()));
        this.store = store;
    }

    /** The index of the policies in force now; cheap when nothing changed. */
    public PolicyIndex index() {
        List<Policy> stored = store.list();
        Built current = built;
        if (current != null && current.stored() == stored) {
            return current.index();
        }
        Built fresh = new Built(stored, new PolicyIndex(all(stored)));
        built = fresh;
        return fresh.index();
    }

    /** Static and stored policies, by id. */
    public List<Policy> list() {
        List<Policy> all = all(store.list());
        all.sort(Comparator.comparing(Policy::id));
        return all;
    }

    private List<Policy> all(List<Policy> stored) {
        List<Policy> all = new ArrayList<>(statics.values());
        stored.stream().filter(p -> !statics.containsKey(p.id())).forEach(all::add);
        return all;
    }

    /** The policy with this id. */
    public Optional<Policy> find(String id) {
        Policy fixed = statics.get(id);
        if (fixed != null) {
            return Optional.of(fixed);
        }
        return store.list().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Stores a new policy; a static id is a conflict. */
    public void create(Policy policy) {
        if (statics.containsKey(policy.id())) {
            throw PolicyRefusedException.conflict(policy.id());
        }
        store.create(policy);
    }

    /** Replaces a stored policy; returns the previous one. */
    public Policy update(Policy policy) {
        Policy before = writable(policy.id());
        store.update(policy);
        return before;
    }

    /** Deletes a stored policy; returns it. */
    public Policy delete(String id) {
        Policy before = writable(id);
        store.delete(id);
        return before;
    }

    private Policy writable(String id) {
        if (statics.containsKey(id)) {
            throw PolicyRefusedException.readOnly(id);
        }
        return find(id).orElseThrow(() -> PolicyRefusedException.notFound(id));
    }
}
