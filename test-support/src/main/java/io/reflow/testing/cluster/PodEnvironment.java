package io.reflow.testing.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves the environment a kubelet would give a Pod's first container: literal {@code env}
 * values, {@code env[].valueFrom.secretKeyRef} and every key of each {@code envFrom} Secret (with
 * its prefix). A missing Secret that is not optional makes the container unstartable, as {@code
 * CreateContainerConfigError} does in a cluster.
 */
public final class PodEnvironment {

    private PodEnvironment() {}

    /** Either the resolved environment, or the name of the Secret that is missing. */
    public record Result(Map<String, String> env, Optional<String> missingSecret) {

        static Result missing(String secretName) {
            return new Result(Map.of(), Optional.of(secretName));
        }
    }

    /**
     * Resolves {@code pod}'s environment, reading Secrets through {@code secrets} (null = none).
     */
    public static Result resolve(Pod pod, Function<String, Secret> secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        if (pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()) {
            return new Result(env, Optional.empty());
        }
        Container container = pod.getSpec().getContainers().get(0);
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getSecretRef() == null) {
                continue;
            }
            String name = from.getSecretRef().getName();
            Secret secret = secrets.apply(name);
            if (secret == null) {
                if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    continue;
                }
                return Result.missing(name);
            }
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            decoded(secret).forEach((key, value) -> env.put(prefix + key, value));
        }
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = secrets.apply(ref.getName());
                String value = secret == null ? null : decoded(secret).get(ref.getKey());
                if (value != null) {
                    env.put(var.getName(), value);
                } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                    return Result.missing(ref.getName());
                }
            }
        }
        return new Result(env, Optional.empty());
    }

    /**
     * A Secret's values as text: {@code data} decoded from base64, then {@code stringData} (which
     * the embedded API server stores as sent, where a real one would merge it into {@code data}).
     */
    public static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach(
                            (key, value) ->
                                    values.put(
                                            key,
                                            new String(
                                                    Base64.getDecoder().decode(value),
                                                    StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
