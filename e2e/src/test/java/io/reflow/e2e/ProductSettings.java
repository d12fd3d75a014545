package io.reflow.e2e;

import java.time.Duration;

/**
 * What a scenario may change in the product's configuration: the instance lifetimes the gateway
 * writes into every MCPInstance it creates.
 *
 * @param idleTtl the gateway's {@code kubernetes.idle_ttl}
 * @param maxLifetime the gateway's {@code kubernetes.max_lifetime}
 */
record ProductSettings(Duration idleTtl, Duration maxLifetime) {

    /** The product defaults (30m idle, 24h lifetime). */
    static final ProductSettings DEFAULTS =
            new ProductSettings(Duration.ofMinutes(30), Duration.ofHours(24));

    /** These settings with another idle TTL. */
    ProductSettings withIdleTtl(Duration ttl) {
        return new ProductSettings(ttl, maxLifetime);
    }

    /** These settings with another max lifetime. */
    ProductSettings withMaxLifetime(Duration lifetime) {
        return new ProductSettings(idleTtl, lifetime);
    }
}
