package io.reflow.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves forward: expiry is decided without waiting for real time. */
final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;

    /** A clock standing at the real present (instances are created at real time). */
    ManualClock() {
        this.now = new AtomicReference<>(Instant.now());
    }

    /** Moves the clock forward by {@code duration}. */
    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock stays in UTC");
    }
}
