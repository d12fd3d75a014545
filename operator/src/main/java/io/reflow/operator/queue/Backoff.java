package io.reflow.operator.queue;

import java.time.Duration;

/**
 * Exponential backoff: {@code base}, twice that, four times that ... capped at {@code max}.
 *
 * @param base delay after the first failure
 * @param max longest delay
 */
public record Backoff(Duration base, Duration max) {

    /** 100 ms doubling up to two minutes. */
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofMillis(100), Duration.ofMinutes(2));

    /** Validates that both delays are positive and {@code base <= max}. */
    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max");
        }
    }

    /** The delay after {@code failures} consecutive failures (1 = the first). */
    public Duration delay(int failures) {
        int exponent = Math.max(0, Math.min(failures - 1, 30));
        long millis = base.toMillis() << exponent;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
