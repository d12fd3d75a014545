package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Builds the Secret that holds one instance's environment; never touches the cluster. */
public final class InstanceSecrets {

    private InstanceSecrets() {}

    /**
     * The desired Secret {@code <instance>-env} of a stored instance: the resolved env as data,
     * labeled like the instance, owned by it (its uid). The operator mounts no Secret without that
     * owner reference, and deleting the instance deletes the Secret.
     */
    public static Secret desired(MCPInstance instance, Map<String, String> env) {
        String name = instance.getMetadata().getName();
        return new SecretBuilder()
                .withNewMetadata()
                .withName(McpResources.secretName(name))
                .withNamespace(instance.getMetadata().getNamespace())
                .withLabels(
                        McpResources.instanceLabels(
                                instance.getSpec().getTargetName(),
                                instance.getSpec().getSubjectKey(),
                                McpResources.MANAGED_BY_GATEWAY))
                .withOwnerReferences(owner(instance))
                .endMetadata()
                .withType("Opaque")
                .withData(encode(env))
                .build();
    }

    /**
     * The owner reference to the instance. No {@code blockOwnerDeletion}: that would need the right
     * to update {@code mcpinstances/finalizers}.
     */
    static OwnerReference owner(MCPInstance instance) {
        return new OwnerReferenceBuilder()
                .withApiVersion(McpResources.GROUP + "/" + McpResources.VERSION)
                .withKind("MCPInstance")
                .withName(instance.getMetadata().getName())
                .withUid(instance.getMetadata().getUid())
                .withController(true)
                .build();
    }

    /**
     * sha256 hex of the env sorted by key, each entry written as its length-prefixed key and value,
     * so that no two different envs share a hash by concatenation.
     */
    public static String contentHash(Map<String, String> env) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(env)
                .forEach(
                        (key, value) ->
                                text.append(key.length())
                                        .append(':')
                                        .append(key)
                                        .append(value.length())
                                        .append(':')
                                        .append(value));
        return McpResources.sha256Hex(text.toString());
    }

    /** The plain env held by a Secret (its base64 data decoded). */
    public static Map<String, String> decode(Secret secret) {
        Map<String, String> env = new TreeMap<>();
        if (secret.getData() != null) {
            Base64.Decoder decoder = Base64.getDecoder();
            secret.getData()
                    .forEach(
                            (key, value) ->
                                    env.put(
                                            key,
                                            new String(
                                                    decoder.decode(value),
                                                    StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            env.putAll(secret.getStringData());
        }
        return env;
    }

    /** Base64 data of a plain env, sorted by key. */
    public static Map<String, String> encode(Map<String, String> env) {
        Map<String, String> data = new TreeMap<>();
        Base64.Encoder encoder = Base64.getEncoder();
        env.forEach(
                (key, value) ->
                        data.put(
                                key,
                                encoder.encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return data;
    }
}
