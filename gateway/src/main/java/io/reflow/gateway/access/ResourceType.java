package io.reflow.gateway.access;

import java.util.Locale;
import java.util.Optional;

/** What kind of upstream item a policy is about; {@link #ALL} covers the three others. */
public enum ResourceType {
    /** Tools, prompts and resources alike. */
    ALL,
    /** A tool, matched on its name. */
    TOOL,
    /** A resource or resource template, matched on its URI (or URI template). */
    RESOURCE,
    /** A prompt, matched on its name. */
    PROMPT;

    /** The name on the wire, e.g. {@code tool}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type written {@code text} on the wire, if any. */
    public static Optional<ResourceType> parse(String text) {
        for (ResourceType type : values()) {
            if (type.wire().equals(text)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether a policy of this type applies to an item of {@code item}'s type. */
    boolean covers(ResourceType item) {
        return this == ALL || this == item;
    }
}
