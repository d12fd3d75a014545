package io.reflow.gateway.instances;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One listener of instance changes. Changes that arrive while the listener is busy collapse into
 * one: a listener that reads the whole list after each wake-up misses nothing.
 */
public final class Subscription implements AutoCloseable {

    /** What {@link #await} saw. */
    public enum Wake {
        /** Something changed since the last wake-up. */
        CHANGED,
        /** Nothing changed within the wait. */
        TIMEOUT,
        /** The subscription or the gateway was closed. */
        CLOSED
    }

    private final Instances owner;
    // Capacity 1: a pending change is either there or not; more of them say nothing new.
    private final BlockingQueue<Wake> pending = new ArrayBlockingQueue<>(1);
    private volatile boolean closed;

    Subscription(Instances owner) {
        this.owner = owner;
    }

    void signal() {
        pending.offer(Wake.CHANGED);
    }

    /** Waits up to {@code wait} for a change. */
    public Wake await(Duration wait) throws InterruptedException {
        if (closed) {
            return Wake.CLOSED;
        }
        Wake wake = pending.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (closed) {
            return Wake.CLOSED;
        }
        return wake == null ? Wake.TIMEOUT : wake;
    }

    /** Stops listening; a waiting {@link #await} returns {@link Wake#CLOSED}. */
    @Override
    public void close() {
        closed = true;
        owner.unsubscribe(this);
        pending.clear();
        pending.offer(Wake.CLOSED);
    }
}
