package io.reflow.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until the test moves it: expiry, TTLs and idle times are tested without
 * waiting for real time. Safe to read from other threads.
 */
public final class MovableClock extends Clock {
    private volatile Instant now;

    /** A clock at 2026-01-01T00:00:00Z. */
    public MovableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A clock at {@code start}, e.g. the real now where tokens signed with it must be valid. */
    public MovableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward by {@code duration}; several threads may move it. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

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
        return now;
    }
}
