package io.reflow.gateway.auth;

import java.util.List;
import java.util.Objects;

/**
 * Who sent a request, as established by authentication.
 *
 * @param subject stable user id (JWT subject claim, admin token name, or {@code anonymous})
 * @param role the user's role, or null
 * @param groups the user's groups, possibly empty, never null
 * @param admin whether the caller may use admin routes
 */
public record Identity(String subject, String role, List<String> groups, boolean admin) {

    /** The identity of unauthenticated requests when {@code auth.allow_anonymous} is on. */
    public static final Identity ANONYMOUS = new Identity("anonymous", null, List.of(), false);

    /** Validates and copies. */
    public Identity {
        Objects.requireNonNull(subject, "subject");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * The group that represents this user where one group must be chosen (per_group isolation): the
     * lexicographically smallest group name, or null when the user has none. Deterministic whatever
     * order the identity provider lists groups in.
     */
    public String primaryGroup() {
        return groups.stream().sorted().findFirst().orElse(null);
    }
}
