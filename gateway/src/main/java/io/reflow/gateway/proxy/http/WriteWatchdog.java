package io.reflow.gateway.proxy.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds blocking socket writes, which have no timeout of their own: when a write is not done in
 * time, the connection is closed, which makes the blocked write fail.
 */
final class WriteWatchdog implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;

    WriteWatchdog() {
        timer =
                new ScheduledThreadPoolExecutor(
                        1, Thread.ofPlatform().daemon().name("upstream-write-watchdog").factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code close} after {@code timeout} unless the returned guard is cancelled first. */
    Guard guard(Runnable close, Duration timeout) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> task =
                timer.schedule(
                        () -> {
                            fired.set(true);
                            close.run();
                        },
                        Math.max(1, timeout.toMillis()),
                        TimeUnit.MILLISECONDS);
        return new Guard(task, fired);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One armed deadline. */
    static final class Guard {

        private final ScheduledFuture<?> task;
        private final AtomicBoolean fired;

        private Guard(ScheduledFuture<?> task, AtomicBoolean fired) {
            this.task = task;
            this.fired = fired;
        }

        /** Whether the deadline passed and the connection was closed. */
        boolean fired() {
            return fired.get();
        }

        /** Disarms the deadline. */
        void cancel() {
            task.cancel(false);
        }
    }
}
