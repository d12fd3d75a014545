package io.reflow.gateway.kubernetes;

import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetConflictException;
import io.reflow.gateway.target.TargetNotFoundException;
import io.reflow.gateway.target.TargetStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A target store held in memory, for transport tests that are not about storage. */
final class MemoryTargetStore implements TargetStore {

    private final Map<String, Target> targets = new ConcurrentSkipListMap<>();
    private final Map<String, Map<EnvScope, Map<String, String>>> env = new ConcurrentHashMap<>();

    @Override
    public List<Target> list() {
        return List.copyOf(targets.values());
    }

    @Override
    public Optional<Target> find(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    @Override
    public Target create(Target target) {
        if (targets.putIfAbsent(target.name(), target) != null) {
            throw new TargetConflictException(target.name());
        }
        return target;
    }

    @Override
    public Target update(Target target) {
        if (targets.replace(target.name(), target) == null) {
            throw new TargetNotFoundException(target.name());
        }
        return target;
    }

    @Override
    public boolean delete(String id) {
        env.remove(id);
        return targets.remove(id) != null;
    }

    @Override
    public Map<EnvScope, Map<String, String>> envConfigs(String targetId) {
        return Map.copyOf(env.getOrDefault(targetId, Map.of()));
    }

    @Override
    public void putEnv(String targetId, EnvScope scope, Map<String, String> values) {
        env.computeIfAbsent(targetId, id -> new ConcurrentHashMap<>())
                .put(scope, Map.copyOf(values));
    }

    @Override
    public boolean deleteEnv(String targetId, EnvScope scope) {
        Map<EnvScope, Map<String, String>> scopes = env.get(targetId);
        return scopes != null && scopes.remove(scope) != null;
    }

    @Override
    public void close() {}
}
