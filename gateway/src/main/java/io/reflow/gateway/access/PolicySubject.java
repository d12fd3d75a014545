package io.reflow.gateway.access;

import java.util.Locale;
import java.util.Optional;

/**
 * Who a policy is about.
 *
 * @param type user, role, group or everyone
 * @param value the user's subject, the role or the group; empty for everyone
 */
public record PolicySubject(Type type, String value) {

    /** The kinds of subject. */
    public enum Type {
        /** One user, by the subject claim of the JWT. */
        USER,
        /** Every user with this role. */
        ROLE,
        /** Every user in this group. */
        GROUP,
        /** Every identity. */
        EVERYONE;

        /** The name on the wire, e.g. {@code role}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type written {@code text} on the wire, if any. */
        public static Optional<Type> parse(String text) {
            for (Type type : values()) {
                if (type.wire().equals(text)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** Normalises: everyone has an empty value. */
    public PolicySubject {
        value = type == Type.EVERYONE || value == null ? "" : value;
    }

    /** The key this subject is indexed under, e.g. {@code role:dev}. */
    String key() {
        return type.wire() + ":" + value;
    }
}
