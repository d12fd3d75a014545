package io.reflow.operator.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A de-duplicating queue of keys: a key is queued at most once, never handed to two workers at
 * once, and a key added while it is being processed is queued again when processing is done. Keys
 * can be added after a delay (the earliest pending delay wins) or with exponential backoff.
 */
public final class WorkQueue implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final LinkedHashSet<String> ready = new LinkedHashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Delayed> delayed = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final Backoff backoff;
    private boolean closed;

    private record Delayed(long dueNanos, ScheduledFuture<?> future) {}

    /** A queue whose failed keys come back after {@code backoff}. */
    public WorkQueue(Backoff backoff) {
        this.backoff = backoff;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("reflow-requeue").factory());
    }

    /** Queues {@code key} unless it is already queued. */
    public void add(String key) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (processing.contains(key)) {
                dirty.add(key);
            } else if (ready.add(key)) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after {@code delay}; an earlier pending delay of the same key wins. */
    public void addAfter(String key, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        long due = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Delayed pending = delayed.get(key);
            if (pending != null && pending.dueNanos() - due <= 0) {
                return;
            }
            if (pending != null) {
                pending.future().cancel(false);
            }
            ScheduledFuture<?> future =
                    timer.schedule(() -> fire(key, due), delay.toNanos(), TimeUnit.NANOSECONDS);
            delayed.put(key, new Delayed(due, future));
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after a delay that doubles with each consecutive failure. */
    public void addRateLimited(String key) {
        int count;
        lock.lock();
        try {
            count = failures.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        addAfter(key, backoff.delay(count));
    }

    /** Resets the failure count of {@code key} after a success. */
    public void forget(String key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next key and marks it as being processed; call {@link #done(String)} after.
     *
     * @return the key, or null once the queue is closed
     */
    public String take() throws InterruptedException {
        lock.lock();
        try {
            while (ready.isEmpty() && !closed) {
                notEmpty.await();
            }
            if (closed) {
                return null;
            }
            String key = ready.removeFirst();
            processing.add(key);
            return key;
        } finally {
            lock.unlock();
        }
    }

    /** Marks {@code key} as processed; queues it again if it was added meanwhile. */
    public void done(String key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.remove(key) && !closed && ready.add(key)) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Number of keys waiting for a worker (not counting delayed ones). */
    public int depth() {
        lock.lock();
        try {
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** Number of keys waiting for their delay to pass. */
    public int delayedCount() {
        lock.lock();
        try {
            return delayed.size();
        } finally {
            lock.unlock();
        }
    }

    /** Releases waiting workers (they get null) and drops pending delays. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            delayed.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
    }

    private void fire(String key, long due) {
        lock.lock();
        try {
            Delayed pending = delayed.get(key);
            if (pending != null && pending.dueNanos() == due) {
                delayed.remove(key);
            }
        } finally {
            lock.unlock();
        }
        add(key);
    }
}
