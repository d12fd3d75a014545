package io.reflow.gateway.target;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where targets and their env configs live: files under the data directory ({@code store.kind:
 * file}) or MCPTarget resources and Secrets in the cluster ({@code store.kind: kubernetes}). Env
 * values cross this interface in plain text; each store protects them at rest.
 */
public interface TargetStore extends AutoCloseable {

    /** All stored targets, sorted by name. */
    List<Target> list();

    /** The target with this id (name), if stored. */
    Optional<Target> find(String id);

    /**
     * Stores a new target; durable when this returns.
     *
     * @throws TargetConflictException when a target with that name exists
     */
    Target create(Target target);

    /**
     * Replaces a stored target; durable when this returns.
     *
     * @throws TargetNotFoundException when no target has that name
     */
    Target update(Target target);

    /** Deletes a target and its env configs; false when there was none. */
    boolean delete(String id);

    /** Every env config of a target by scope, values in plain text. */
    Map<EnvScope, Map<String, String>> envConfigs(String targetId);

    /**
     * Replaces the env config of one scope; durable when this returns.
     *
     * @throws TargetNotFoundException when the target does not exist
     */
    void putEnv(String targetId, EnvScope scope, Map<String, String> values);

    /** Deletes the env config of one scope; false when there was none. */
    boolean deleteEnv(String targetId, EnvScope scope);

    /** Releases resources (watches, file handles). */
    @Override
    void close();
}
