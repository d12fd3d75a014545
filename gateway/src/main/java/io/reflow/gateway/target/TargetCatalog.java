package io.reflow.gateway.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every target the gateway serves: the read-only static targets of the config file in front of the
 * targets of the store.
 */
public final class TargetCatalog {

    private final Map<String, Target> statics = new LinkedHashMap<>();
    private final TargetStore store;

    /** Combines static targets with a store. */
    public TargetCatalog(List<Target> staticTargets, TargetStore store) {
        staticTargets.forEach(t -> statics.put(t.name(), t));
        this.store = store;
    }

    /** Static and stored targets, sorted by name. */
    public List<Target> list() {
        List<Target> all = new ArrayList<>(statics.values());
        store.list().stream().filter(t -> !statics.containsKey(t.name())).forEach(all::add);
        all.sort(Comparator.comparing(Target::name));
        return all;
    }

    /** The target with this name. */
    public Optional<Target> find(String id) {
        Target fixed = statics.get(id);
        return fixed != null ? Optional.of(fixed) : store.find(id);
    }

    /** Stores a new target; a static name is a conflict. */
    public Target create(Target target) {
        if (statics.containsKey(target.name())) {
            throw new TargetConflictException(target.name());
        }
        return store.create(target);
    }

    /** Replaces a stored target; returns the previous one. */
    public Target update(Target target) {
        writable(target.name());
        Target before =
                store.find(target.name())
                        .orElseThrow(() -> new TargetNotFoundException(target.name()));
        store.update(target);
        return before;
    }

    /** Deletes a stored target and its env configs; returns what was deleted. */
    public Target delete(String id) {
        writable(id);
        Target before = store.find(id).orElseThrow(() -> new TargetNotFoundException(id));
        store.delete(id);
        return before;
    }

    /** Env configs of a target, values in plain text; static targets have none. */
    public Map<EnvScope, Map<String, String>> envConfigs(String id) {
        return statics.containsKey(id) ? Map.of() : store.envConfigs(id);
    }

    /** Replaces one env config of a stored target. */
    public void putEnv(String id, EnvScope scope, Map<String, String> values) {
        writable(id);
        store.putEnv(id, scope, values);
    }

    /** Deletes one env config of a stored target; false when there was none. */
    public boolean deleteEnv(String id, EnvScope scope) {
        writable(id);
        return store.deleteEnv(id, scope);
    }

    private void writable(String id) {
        if (statics.containsKey(id)) {
            throw new TargetReadOnlyException(id);
        }
    }
}
