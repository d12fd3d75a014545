package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.reflow.gateway.target.EnvScope;
import io.reflow.mcp.api.McpResources;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Secrets that hold a target's env configs with {@code store.kind: kubernetes}: one per scope,
 * labeled by target and scope kind, the scope's name in an annotation and hashed into the Secret
 * name (role, group and user names need not be DNS-safe). Pure.
 */
public final class EnvSecrets {

    /** Label: the scope kind of an env-config Secret ({@code default, role, group, user}). */
    public static final String LABEL_ENV_SCOPE = McpResources.GROUP + "/env-scope";

    /** Annotation: the role, group or user name of an env-config Secret. */
    public static final String ANNOTATION_SCOPE_NAME = McpResources.GROUP + "/env-scope-name";

    private static final int NAME_HASH_LENGTH = 32;

    private EnvSecrets() {}

    /**
     * Name of the Secret of one scope: {@code reflow-env-<target>-default} or {@code
     * reflow-env-<target>-<kind>-<32 hex of sha256(name)>}.
     */
    public static String secretName(String targetName, EnvScope scope) {
        String prefix = "reflow-env-" + targetName + "-" + kind(scope);
        if (scope.kind() == EnvScope.Kind.DEFAULT) {
            return prefix;
        }
        return prefix + "-" + McpResources.sha256Hex(scope.name()).substring(0, NAME_HASH_LENGTH);
    }

    /** The desired Secret of one scope holding {@code values}. */
    public static Secret desired(
            String namespace, String targetName, EnvScope scope, Map<String, String> values) {
        SecretBuilder builder =
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(secretName(targetName, scope))
                        .withNamespace(namespace)
                        .addToLabels(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                        .addToLabels(McpResources.LABEL_TARGET, targetName)
                        .addToLabels(LABEL_ENV_SCOPE, kind(scope))
                        .endMetadata()
                        .withType("Opaque")
                        .withData(InstanceSecrets.encode(values));
        if (scope.name() != null) {
            builder.editMetadata()
                    .addToAnnotations(ANNOTATION_SCOPE_NAME, scope.name())
                    .endMetadata();
        }
        return builder.build();
    }

    /** The scope an env-config Secret holds, or empty when its labels do not name one. */
    public static Optional<EnvScope> scopeOf(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        String kind = labels == null ? null : labels.get(LABEL_ENV_SCOPE);
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        String name = annotations == null ? null : annotations.get(ANNOTATION_SCOPE_NAME);
        if (kind == null) {
            return Optional.empty();
        }
        return switch (kind) {
            case "default" -> Optional.of(EnvScope.DEFAULT);
            case "role" -> name == null ? Optional.empty() : Optional.of(EnvScope.role(name));
            case "group" -> name == null ? Optional.empty() : Optional.of(EnvScope.group(name));
            case "user" -> name == null ? Optional.empty() : Optional.of(EnvScope.user(name));
            default -> Optional.empty();
        };
    }

    private static String kind(EnvScope scope) {
        return scope.kind().name().toLowerCase(Locale.ROOT);
    }
}
