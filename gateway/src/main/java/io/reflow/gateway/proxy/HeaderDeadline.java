package io.reflow.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how long a request thread waits for an upstream's response headers, and only that: an SSE
 * stream may stay idle for as long as it likes once it has started. When the deadline passes first,
 * the waiting (virtual) thread is interrupted, which closes the socket it is blocked on.
 */
final class HeaderDeadline {

    private static final int WAITING = 0;
    private static final int MET = 1;
    private static final int EXPIRED = 2;

    private final Thread thread = Thread.currentThread();
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final ScheduledFuture<?> timer;

    private HeaderDeadline(Duration timeout) {
        this.timer = Timer.INSTANCE.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the deadline for the calling thread. */
    static HeaderDeadline start(Duration timeout) {
        return new HeaderDeadline(timeout);
    }

    /**
     * Whether the headers arrived in time; stops the deadline. After {@code false}, the interrupt
     * the deadline raised is cleared.
     */
    boolean met() {
        if (state.compareAndSet(WAITING, MET)) {
            timer.cancel(false);
            return true;
        }
        if (state.get() == EXPIRED) {
            Thread.interrupted();
            return false;
        }
        return true;
    }

    private void expire() {
        if (state.compareAndSet(WAITING, EXPIRED)) {
            thread.interrupt();
        }
    }

    /** One daemon timer thread for every deadline, created on first use. */
    private static final class Timer {

        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer =
                    new ScheduledThreadPoolExecutor(
                            1, Thread.ofPlatform().daemon().name("upstream-deadline").factory());
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }
}
