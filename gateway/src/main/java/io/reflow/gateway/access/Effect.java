package io.reflow.gateway.access;

import java.util.Locale;
import java.util.Optional;

/** What a matching policy decides. */
public enum Effect {
    /** The item may be used. */
    ALLOW,
    /** The item may not be used. */
    DENY;

    /** The name on the wire, e.g. {@code allow}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The effect written {@code text} on the wire, if any. */
    public static Optional<Effect> parse(String text) {
        for (Effect effect : values()) {
            if (effect.wire().equals(text)) {
                return Optional.of(effect);
            }
        }
        return Optional.empty();
    }
}
