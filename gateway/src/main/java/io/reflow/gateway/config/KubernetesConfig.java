package io.reflow.gateway.config;

import java.time.Duration;

/**
 * The {@code kubernetes} block of the gateway config.
 *
 * @param enabled whether kubernetes targets can run
 * @param namespace namespace of MCPInstances, their Secrets and (store kind kubernetes) MCPTargets
 * @param kubeconfig path of a kubeconfig file; empty means in-cluster configuration
 * @param idleTtl instances idle this long are deleted (written into each MCPInstance)
 * @param maxLifetime instances older than this are deleted (written into each MCPInstance)
 * @param gcInterval the Retry-After given when {@code max_instances} is reached
 * @param maxInstances most instances that may exist at once in the namespace
 * @param startupTimeout how long a request waits for a new instance to become Ready
 * @param instanceOwner name of a ConfigMap in {@code namespace} that owns every MCPInstance the
 *     gateway creates, so deleting it (as {@code helm uninstall} does) deletes them all; empty
 *     means none
 */
public record KubernetesConfig(
        boolean enabled,
        String namespace,
        String kubeconfig,
        Duration idleTtl,
        Duration maxLifetime,
        Duration gcInterval,
        int maxInstances,
        Duration startupTimeout,
        String instanceOwner) {

    /** A block without an instance owner. */
    public KubernetesConfig(
            boolean enabled,
            String namespace,
            String kubeconfig,
            Duration idleTtl,
            Duration maxLifetime,
            Duration gcInterval,
            int maxInstances,
            Duration startupTimeout) {
        this(
                enabled,
                namespace,
                kubeconfig,
                idleTtl,
                maxLifetime,
                gcInterval,
                maxInstances,
                startupTimeout,
                "");
    }

    @Override
    public String toString() {
        // Written out, as GatewayConfig's records are (see there).
        return "KubernetesConfig[enabled="
                + enabled
                + ", namespace="
                + namespace
                + ", kubeconfig="
                + kubeconfig
                + ", idleTtl="
                + idleTtl
                + ", maxLifetime="
                + maxLifetime
                + ", gcInterval="
                + gcInterval
                + ", maxInstances="
                + maxInstances
                + ", startupTimeout="
                + startupTimeout
                + ", instanceOwner="
                + instanceOwner
                + "]";
    }

    /** The defaults of the product docs. */
    public static final KubernetesConfig DEFAULTS =
            new KubernetesConfig(
                    false,
                    "reflow",
                    "",
                    Duration.ofMinutes(30),
                    Duration.ofHours(24),
                    Duration.ofMinutes(1),
                    100,
                    Duration.ofMinutes(2));

    /**
     * How often activity is recorded on an instance while it is used: a quarter of the idle TTL, at
     * least one second and at most five minutes.
     */
    public Duration heartbeatInterval() {
        Duration quarter = idleTtl.dividedBy(4);
        if (quarter.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return quarter.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : quarter;
    }
}
