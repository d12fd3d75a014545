package io.reflow.gateway.target;

import io.reflow.gateway.auth.Identity;
import io.reflow.mcp.api.IsolationBoundary;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the environment one identity gets from a target's env configs, per key: user over group
 * over role over default.
 *
 * <p>Where an instance is shared, only scopes every sharer has in common apply, so no user's
 * credentials reach another user: {@code shared} gets the default only, {@code per_role} default
 * and role, {@code per_group} default and the identity's {@link Identity#primaryGroup() primary
 * group}; {@code per_user} (and every HTTP target) gets all scopes. Of several groups, the
 * lexicographically smallest wins a key they both set. User scopes name JWT subjects: built-in
 * identities (admin token, anonymous) never get one, whatever its name.
 */
public final class EnvResolver {

    private EnvResolver() {}

    /** The resolved environment; never null. */
    public static Map<String, String> resolve(
            Map<EnvScope, Map<String, String>> configs,
            Identity identity,
            IsolationBoundary boundary) {
        if (configs.isEmpty()) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        apply(env, configs, EnvScope.DEFAULT);
        switch (boundary) {
            case SHARED -> {}
            case PER_ROLE -> applyRole(env, configs, identity);
            case PER_GROUP -> applyGroups(env, configs, primaryGroupOnly(identity));
            case PER_USER -> {
                applyRole(env, configs, identity);
                applyGroups(env, configs, identity.groups());
                if (identity.kind() == Identity.Kind.USER) {
                    apply(env, configs, EnvScope.user(identity.subject()));
                }
            }
            default -> throw new IllegalArgumentException("unknown isolation boundary " + boundary);
        }
        return env;
    }

    private static List<String> primaryGroupOnly(Identity identity) {
        String group = identity.primaryGroup();
        return group == null ? List.of() : List.of(group);
    }

    private static void applyRole(
            Map<String, String> env,
            Map<EnvScope, Map<String, String>> configs,
            Identity identity) {
        if (identity.role() != null) {
            apply(env, configs, EnvScope.role(identity.role()));
        }
    }

    private static void applyGroups(
            Map<String, String> env,
            Map<EnvScope, Map<String, String>> configs,
            List<String> groups) {
        // Apply the largest name first so the smallest, applied last, wins.
        groups.stream()
                .sorted(Comparator.reverseOrder())
                .forEach(group -> apply(env, configs, EnvScope.group(group)));
    }

    private static void apply(
            Map<String, String> env, Map<EnvScope, Map<String, String>> configs, EnvScope scope) {
        Map<String, String> values = configs.get(scope);
        if (values != null) {
            env.putAll(values);
        }
    }
}
