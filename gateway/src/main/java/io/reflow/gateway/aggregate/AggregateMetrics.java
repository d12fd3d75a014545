package io.reflow.gateway.aggregate;

import io.reflow.metrics.Counter;
import io.reflow.metrics.MetricRegistry;

/** The metrics of {@code /mcp}: targets left out of sessions, and names lost to a clash. */
final class AggregateMetrics {

    private final Counter skipped;
    private final Counter collisions;

    AggregateMetrics(MetricRegistry registry) {
        this.skipped =
                registry.counter(
                        "reflow_mcp_aggregate_targets_skipped_total",
                        "Targets left out of an /mcp session at initialize, by reason",
                        "target",
                        "reason");
        this.collisions =
                registry.counter(
                        "reflow_mcp_aggregate_name_collisions_total",
                        "Tools and prompts left out of /mcp lists because a target of higher"
                                + " precedence shows the same name",
                        "target");
    }

    void skipped(String target, String reason) {
        skipped.labels(target, reason).increment();
    }

    void collision(String target) {
        collisions.labels(target).increment();
    }
}
