package io.reflow.gateway.config;

import java.time.Duration;

/**
 * The {@code stdio} block of the gateway config: the lifecycle of the local processes behind stdio
 * targets.
 *
 * @param idleTtl a process without requests for this long is stopped
 * @param maxLifetime a process older than this is stopped, whatever its activity
 * @param gcInterval how often idle and expired processes are looked for; also the Retry-After given
 *     when {@code max_processes} is reached
 * @param maxProcesses most processes that may run at once
 */
public record StdioConfig(
        Duration idleTtl, Duration maxLifetime, Duration gcInterval, int maxProcesses) {

    /** The defaults of the product docs. */
    public static final StdioConfig DEFAULTS =
            new StdioConfig(
                    Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofMinutes(1), 100);

    @Override
    public String toString() {
        // Written out, as GatewayConfig's records are (see there).
        return "StdioConfig[idleTtl="
                + idleTtl
                + ", maxLifetime="
                + maxLifetime
                + ", gcInterval="
                + gcInterval
                + ", maxProcesses="
                + maxProcesses
                + "]";
    }
}
