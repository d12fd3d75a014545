package io.reflow.operator.model;

import io.reflow.mcp.api.Durations;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * When an instance is due for deletion: idle time counts from the latest of its recorded activity,
 * {@code status.startedAt} and its creation; lifetime counts from its creation.
 *
 * @param idleTtl the idle time-to-live that applies
 * @param maxLifetime the maximum lifetime that applies
 * @param lastActivity the latest recorded activity (or start, or creation)
 * @param created when the instance was created
 */
public record Expiry(
        Duration idleTtl, Duration maxLifetime, Instant lastActivity, Instant created) {

    /** Why an instance is deleted. */
    public enum Reason {
        /** No activity for longer than the idle time-to-live. */
        IdleTimeout,
        /** Older than the maximum lifetime. */
        MaxLifetimeExceeded
    }

    /**
     * A verdict: the instance is due, with a reason and a human message.
     *
     * @param reason why
     * @param message what happened, naming the durations
     */
    public record Due(Reason reason, String message) {}

    /**
     * The expiry of an instance under the given defaults. {@code now} stands in for a missing
     * creation timestamp (the API server always sets one).
     */
    public static Expiry of(
            MCPInstance instance,
            Duration defaultIdleTtl,
            Duration defaultMaxLifetime,
            Instant now) {
        Duration idle =
                durationOr(
                        instance.getSpec() == null ? null : instance.getSpec().getIdleTTL(),
                        defaultIdleTtl);
        Duration lifetime =
                durationOr(
                        instance.getSpec() == null ? null : instance.getSpec().getMaxLifetime(),
                        defaultMaxLifetime);
        Instant created = instantOr(instance.getMetadata().getCreationTimestamp(), now);
        Instant latest = created;
        Map<String, String> annotations = instance.getMetadata().getAnnotations();
        if (annotations != null) {
            latest =
                    later(
                            latest,
                            instantOr(
                                    annotations.get(McpResources.ANNOTATION_LAST_ACTIVITY), null));
        }
        if (instance.getStatus() != null) {
            latest = later(latest, instantOr(instance.getStatus().getStartedAt(), null));
        }
        return new Expiry(idle, lifetime, latest, created);
    }

    /** When idleness expires. */
    public Instant idleDeadline() {
        return lastActivity.plus(idleTtl);
    }

    /** When the lifetime expires. */
    public Instant lifetimeDeadline() {
        return created.plus(maxLifetime);
    }

    /** The earlier of both deadlines. */
    public Instant deadline() {
        Instant idle = idleDeadline();
        Instant lifetime = lifetimeDeadline();
        return idle.isBefore(lifetime) ? idle : lifetime;
    }

    /** The verdict at {@code now}: due with a reason, or empty while the instance may live. */
    public Optional<Due> due(Instant now) {
        if (!now.isBefore(lifetimeDeadline())) {
            return Optional.of(
                    new Due(
                            Reason.MaxLifetimeExceeded,
                            "created "
                                    + Durations.format(Duration.between(created, now).withNanos(0))
                                    + " ago, max lifetime "
                                    + Durations.format(maxLifetime)));
        }
        if (!now.isBefore(idleDeadline())) {
            return Optional.of(
                    new Due(
                            Reason.IdleTimeout,
                            "idle for "
                                    + Durations.format(
                                            Duration.between(lastActivity, now).withNanos(0))
                                    + ", idle TTL "
                                    + Durations.format(idleTtl)));
        }
        return Optional.empty();
    }

    /** Time from {@code now} until the earlier deadline (zero when already due). */
    public Duration remaining(Instant now) {
        Duration left = Duration.between(now, deadline());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration durationOr(String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            Duration parsed = Durations.parse(text);
            return parsed.isZero() ? fallback : parsed;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static Instant instantOr(String text, Instant fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static Instant later(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return b.isAfter(a) ? b : a;
    }
}
