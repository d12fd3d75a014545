package io.reflow.gateway.config;

/** Masks secrets for logs and {@code toString()}. */
final class Masking {

    private Masking() {}

    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(unset)" : "****";
    }
}
