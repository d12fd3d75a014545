package io.reflow.gateway.auth;

import java.util.List;
import java.util.Objects;

/**
 * Who sent a request, as established by authentication.
 *
 * <p>Built-in identities (the admin token, anonymous access) live in a namespace of their own: a
 * JWT whose subject is {@code admin} or {@code anonymous} is a different identity, and every key
 * derived from an identity ({@link #key()}: subject keys of instances, sessions, per-identity
 * limits) includes the namespace.
 *
 * @param kind whether the identity comes from a JWT or is built in
 * @param subject stable user id (JWT subject claim, {@code admin} or {@code anonymous})
 * @param role the user's role, or null
 * @param groups the user's groups, possibly empty, never null
 * @param admin whether the caller may use admin routes
 */
public record Identity(Kind kind, String subject, String role, List<String> groups, boolean admin) {

    /** Where an identity comes from; part of every key derived from it. */
    public enum Kind {
        /** A user named by a verified JWT. */
        USER("user"),
        /** An identity of the gateway itself: the admin token or anonymous access. */
        BUILT_IN("builtin");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** The identity of unauthenticated requests when {@code auth.allow_anonymous} is on. */
    public static final Identity ANONYMOUS =
            new Identity(Kind.BUILT_IN, "anonymous", null, List.of(), false);

    /** Validates and copies. */
    public Identity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A JWT user. */
    public Identity(String subject, String role, List<String> groups, boolean admin) {
        this(Kind.USER, subject, role, groups, admin);
    }

    /** The identity of the admin tokens, with the configured admin role. */
    public static Identity adminToken(String adminRole) {
        return new Identity(Kind.BUILT_IN, "admin", adminRole, List.of(), true);
    }

    /**
     * The identity's key, unique across namespaces: {@code user:<subject>} for JWT users, {@code
     * builtin:admin} and {@code builtin:anonymous} for the built-in ones.
     */
    public String key() {
        return kind.prefix + ":" + subject;
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
