package io.reflow.gateway.stdio;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Messages waiting for one client stream (the SSE answer of a POST, or a session's GET stream),
 * bounded: when the client reads slower than the server writes, the reader of the process waits a
 * little, then drops the message, so no queue grows without limit.
 */
final class Outbox {

    /** One queued message; {@code last} ends the stream (the response of a POST, or a close). */
    record Item(byte[] json, boolean last) {}

    private static final int CAPACITY = 256;
    private static final long OFFER_WAIT_MILLIS = 500;

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final UnaryOperator<byte[]> filter;
    private volatile boolean ended;

    /** An outbox that hands on messages as they come. */
    Outbox() {
        this(UnaryOperator.identity());
    }

    /** An outbox whose messages pass {@code filter} (the access policies' list filter). */
    Outbox(UnaryOperator<byte[]> filter) {
        this.filter = filter;
    }

    /** Queues a message; false when it was dropped (the stream ended or stayed full). */
    boolean offer(byte[] json) {
        if (ended) {
            return false;
        }
        try {
            return queue.offer(
                    new Item(filter.apply(json), false), OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Queues the last item; it always gets in, in place of what the client did not read. */
    void end(byte[] json) {
        if (ended) {
            return;
        }
        ended = true;
        Item last = new Item(json == null ? null : filter.apply(json), true);
        while (!queue.offer(last)) {
            queue.poll();
        }
    }

    /** The next item, or null when none came within {@code wait}. */
    Item poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean ended() {
        return ended;
    }
}
