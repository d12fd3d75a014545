package io.reflow.gateway.access;

import java.util.List;

/**
 * Where policies made through the API live. {@link #list()} is called on every MCP request, so it
 * must be cheap and must see changes made by other replicas.
 */
public interface PolicyStore extends AutoCloseable {

    /**
     * Every stored policy; the same list instance as long as nothing changed, so callers can cache
     * what they derive from it.
     */
    List<Policy> list();

    /** Stores a new policy. */
    void create(Policy policy);

    /** Replaces a stored policy. */
    void update(Policy policy);

    /** Deletes a stored policy. */
    void delete(String id);

    @Override
    void close();
}
