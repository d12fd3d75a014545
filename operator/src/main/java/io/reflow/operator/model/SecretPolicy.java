package io.reflow.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.ReadyReasons;
import java.util.Map;
import java.util.Optional;

/**
 * Which Secret an instance may mount: only {@code <instance>-env}, made by the gateway for this
 * very instance (its managed-by label and an owner reference to the instance's uid). Anything else
 * would let whoever may create an MCPInstance read any Secret of the namespace through a Pod.
 */
public final class SecretPolicy {

    private SecretPolicy() {}

    /** The only Secret name the instance may reference. */
    public static String allowedName(MCPInstance instance) {
        return McpResources.secretName(instance.getMetadata().getName());
    }

    /**
     * Why the instance may not mount {@code secret}, or empty when it names no Secret or may mount
     * it.
     *
     * @param secret the gateway-managed Secret of that name (null when there is none)
     */
    public static Optional<Refusal> refusal(MCPInstance instance, Secret secret) {
        String name = instance.getSpec().getSecretName();
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        String namespace = instance.getMetadata().getNamespace();
        if (!name.equals(allowedName(instance))) {
            return Optional.of(
                    new Refusal(
                            ReadyReasons.SECRET_NAME_NOT_ALLOWED,
                            "spec.secretName '"
                                    + name
                                    + "' is not allowed: an instance may only use the Secret '"
                                    + allowedName(instance)
                                    + "' that the gateway creates for it"));
        }
        if (secret == null) {
            return Optional.of(
                    new Refusal(
                            ReadyReasons.SECRET_NOT_FOUND,
                            "waiting for Secret '"
                                    + name
                                    + "' in namespace "
                                    + namespace
                                    + " (created by the gateway, label "
                                    + McpResources.LABEL_MANAGED_BY
                                    + "="
                                    + McpResources.MANAGED_BY_GATEWAY
                                    + ")"));
        }
        Map<String, String> labels = secret.getMetadata().getLabels();
        boolean byGateway =
                labels != null
                        && McpResources.MANAGED_BY_GATEWAY.equals(
                                labels.get(McpResources.LABEL_MANAGED_BY));
        if (!byGateway || !Owners.ownedBy(secret, instance)) {
            return Optional.of(
                    new Refusal(
                            ReadyReasons.SECRET_NOT_OWNED,
                            "Secret '"
                                    + name
                                    + "' is not mounted: it must carry the label "
                                    + McpResources.LABEL_MANAGED_BY
                                    + "="
                                    + McpResources.MANAGED_BY_GATEWAY
                                    + " and an owner reference to this MCPInstance (uid "
                                    + instance.getMetadata().getUid()
                                    + "), as the gateway writes it"));
        }
        return Optional.empty();
    }
}
