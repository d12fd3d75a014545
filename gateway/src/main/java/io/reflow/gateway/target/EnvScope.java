package io.reflow.gateway.target;

import java.util.Objects;

/**
 * Where an env config applies: the target's default, one role, one group or one user.
 *
 * @param kind the scope kind
 * @param name the role, group or user name; null for {@link Kind#DEFAULT}
 */
public record EnvScope(Kind kind, String name) {

    /** The scope kinds, from least to most specific. */
    public enum Kind {
        /** Applies to everyone. */
        DEFAULT,
        /** Applies to one role. */
        ROLE,
        /** Applies to one group. */
        GROUP,
        /** Applies to one user (subject). */
        USER
    }

    /** The default scope. */
    public static final EnvScope DEFAULT = new EnvScope(Kind.DEFAULT, null);

    /** Checks that named scopes have a name and the default has none. */
    public EnvScope {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.DEFAULT) != (name == null)) {
            throw new IllegalArgumentException(
                    kind == Kind.DEFAULT
                            ? "the default scope has no name"
                            : kind + " scope needs a name");
        }
    }

    /** A role scope. */
    public static EnvScope role(String role) {
        return new EnvScope(Kind.ROLE, role);
    }

    /** A group scope. */
    public static EnvScope group(String group) {
        return new EnvScope(Kind.GROUP, group);
    }

    /** A user scope. */
    public static EnvScope user(String subject) {
        return new EnvScope(Kind.USER, subject);
    }
}
