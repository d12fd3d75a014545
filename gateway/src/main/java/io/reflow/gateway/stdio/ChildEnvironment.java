package io.reflow.gateway.stdio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a stdio process: the few variables of the gateway's own environment a program
 * needs to run ({@code PATH}, {@code HOME}, {@code LANG}, {@code LC_*}, {@code TZ}), then the
 * target's resolved env configs over them. Nothing else of the gateway's environment (its JWT
 * secret, encryption key, database password) reaches the child.
 */
final class ChildEnvironment {

    /** Variables of the gateway's environment a child inherits, besides {@code LC_*}. */
    static final Set<String> ALLOWED = Set.of("PATH", "HOME", "LANG", "TZ");

    private ChildEnvironment() {}

    /** The child's environment from the gateway's and the resolved env configs. */
    static Map<String, String> of(Map<String, String> gateway, Map<String, String> resolved) {
        Map<String, String> env = new LinkedHashMap<>();
        gateway.forEach(
                (name, value) -> {
                    if (ALLOWED.contains(name) || name.startsWith("LC_")) {
                        env.put(name, value);
                    }
                });
        env.putAll(resolved);
        return env;
    }
}
