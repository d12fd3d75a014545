package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.reflow.mcp.api.McpResources;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Builds the Secret that holds one instance's environment; never touches the cluster. */
public final class InstanceSecrets {

    private InstanceSecrets() {}

    /**
     * The desired Secret {@code <instance>-env} of an instance: the resolved env as data, labeled
     * like the instance.
     */
    public static Secret desired(
            String namespace, String targetName, String subjectKey, Map<String, String> env) {
        String instance = McpResources.instanceName(targetName, subjectKey);
        return new SecretBuilder()
                .withNewMetadata()
                .withName(McpResources.secretName(instance))
                .withNamespace(namespace)
                .withLabels(
                        McpResources.instanceLabels(
                                targetName, subjectKey, McpResources.MANAGED_BY_GATEWAY))
                .endMetadata()
                .withType("Opaque")
                .withData(encode(env))
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
