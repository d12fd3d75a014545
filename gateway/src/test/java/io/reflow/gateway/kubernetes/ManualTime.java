package io.reflow.gateway.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Time that moves only when a test says so: one clock and one monotonic ticker, in step. */
final class ManualTime {

    private final Instant origin;
    private final AtomicLong elapsedNanos = new AtomicLong();

    ManualTime(Instant origin) {
        this.origin = origin;
    }

    /** Moves both the clock and the ticker forward by {@code duration}. */
    void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }

    /** The clock. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return origin.plusNanos(elapsedNanos.get());
            }
        };
    }

    /** The ticker: nanoseconds since the origin. */
    LongSupplier ticker() {
        return elapsedNanos::get;
    }
}
