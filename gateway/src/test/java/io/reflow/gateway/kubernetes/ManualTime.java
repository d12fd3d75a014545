package io.reflow.gateway.kubernetes;

import io.reflow.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/** Time that moves only when a test says so: one clock and one monotonic ticker, in step. */
final class ManualTime {

    private final Instant origin;
    private final MovableClock clock;

    ManualTime(Instant origin) {
        this.origin = origin;
        this.clock = new MovableClock(origin);
    }

    /** Moves both the clock and the ticker forward by {@code duration}. */
    void advance(Duration duration) {
        clock.advance(duration);
    }

    /** The clock. */
    Clock clock() {
        return clock;
    }

    /** The ticker: nanoseconds since the origin, read from the clock. */
    LongSupplier ticker() {
        return () -> Duration.between(origin, clock.instant()).toNanos();
    }
}
