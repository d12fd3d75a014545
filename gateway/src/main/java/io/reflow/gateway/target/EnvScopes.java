package io.reflow.gateway.target;

import java.util.Optional;

/**
 * The path form of env scopes: {@code default}, {@code role/R}, {@code group/G}, {@code user/U}.
 */
public final class EnvScopes {

    private EnvScopes() {}

    /** The path form of a scope. */
    public static String path(EnvScope scope) {
        return switch (scope.kind()) {
            case DEFAULT -> "default";
            case ROLE -> "role/" + scope.name();
            case GROUP -> "group/" + scope.name();
            case USER -> "user/" + scope.name();
        };
    }

    /** Parses the path form; empty when it is not one. */
    public static Optional<EnvScope> parse(String path) {
        if ("default".equals(path)) {
            return Optional.of(EnvScope.DEFAULT);
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return Optional.empty();
        }
        String name = path.substring(slash + 1);
        return switch (path.substring(0, slash)) {
            case "role" -> Optional.of(EnvScope.role(name));
            case "group" -> Optional.of(EnvScope.group(name));
            case "user" -> Optional.of(EnvScope.user(name));
            default -> Optional.empty();
        };
    }
}
