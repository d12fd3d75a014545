package io.reflow.e2e;

import java.nio.file.Path;

/**
 * The gateway configuration a provider runs with (keys as in the product's configuration contract);
 * secrets are {@code ${ENV}} references resolved from the environment map.
 */
final class GatewayYaml {

    private GatewayYaml() {}

    /**
     * The YAML for a gateway on {@code 127.0.0.1:port} with kubernetes targets in {@code
     * namespace}, a file store under {@code dataDir} and the given lifetimes.
     */
    static String render(
            int port, String namespace, String kubeconfig, Path dataDir, ProductSettings settings) {
        return """
                server:
                  host: 127.0.0.1
                  port: %d
                session:
                  key: "${SESSION_KEY}"
                  timeout: 30m
                auth:
                  admin_tokens: ["${REFLOW_ADMIN_TOKEN}"]
                  jwt:
                    hs256_secret: "${JWT_SECRET}"
                    claims: { subject: sub, role: role, groups: groups }
                  allow_anonymous: false
                store:
                  kind: file
                  path: "%s"
                encryption:
                  key: "${ENCRYPTION_KEY}"
                kubernetes:
                  enabled: true
                  namespace: %s
                  kubeconfig: "%s"
                  idle_ttl: %s
                  max_lifetime: %s
                  gc_interval: 1m
                  max_instances: 100
                """
                .formatted(
                        port,
                        dataDir.toAbsolutePath(),
                        namespace,
                        kubeconfig,
                        duration(settings.idleTtl()),
                        duration(settings.maxLifetime()));
    }

    /** A duration in the config's notation, in whole seconds ({@code 90s}). */
    static String duration(java.time.Duration duration) {
        return duration.toSeconds() + "s";
    }
}
