package io.reflow.gateway.access;

import java.util.List;

/**
 * One access policy, with the fields of the original Reflow Gateway's.
 *
 * @param id unique id
 * @param name short human name
 * @param description free text
 * @param targetId the target it applies to, or null for every target
 * @param resourceType which kind of item it matches
 * @param resourcePattern a regular expression (RE2 syntax) that must match the whole item name (or
 *     URI); empty matches every item
 * @param effect allow or deny
 * @param priority higher is evaluated first
 * @param enabled disabled policies are ignored
 * @param subjects who it applies to; at least one
 * @param readOnly whether it comes from the config file and cannot be changed through the API
 */
public record Policy(
        String id,
        String name,
        String description,
        String targetId,
        ResourceType resourceType,
        String resourcePattern,
        Effect effect,
        int priority,
        boolean enabled,
        List<PolicySubject> subjects,
        boolean readOnly) {

    /** Copies the subjects and normalises absent texts. */
    public Policy {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        resourcePattern = resourcePattern == null ? "" : resourcePattern;
        subjects = List.copyOf(subjects);
    }

    /** This policy marked read-only (a static policy of the config file). */
    public Policy asReadOnly() {
        return new Policy(
                id,
                name,
                description,
                targetId,
                resourceType,
                resourcePattern,
                effect,
                priority,
                enabled,
                subjects,
                true);
    }

    /** Whether the pattern matches every name: empty, {@code .*} or {@code ^.*$}. */
    boolean matchesEveryName() {
        return resourcePattern.isEmpty()
                || resourcePattern.equals(".*")
                || resourcePattern.equals("^.*$");
    }
}
