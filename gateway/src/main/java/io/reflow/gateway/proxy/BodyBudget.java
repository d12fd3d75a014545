package io.reflow.gateway.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body bytes all requests together may hold in memory ({@code
 * server.max_body_bytes_in_flight}); one identity may hold at most half of it, so a single caller
 * sending many large bodies cannot take the budget from everyone else.
 */
final class BodyBudget {

    private final long total;
    private final long perIdentity;
    private final AtomicLong used = new AtomicLong();
    private final ConcurrentHashMap<String, Long> usedBy = new ConcurrentHashMap<>();

    BodyBudget(long total) {
        this.total = total;
        this.perIdentity = Math.max(1, total / 2);
    }

    /** Reserves {@code bytes} for {@code subject}; false when either limit would be passed. */
    boolean tryReserve(String subject, long bytes) {
        boolean[] reserved = {false};
        usedBy.compute(
                subject,
                (key, held) -> {
                    long current = held == null ? 0 : held;
                    if (current + bytes > perIdentity || !reserveTotal(bytes)) {
                        return held;
                    }
                    reserved[0] = true;
                    return current + bytes;
                });
        return reserved[0];
    }

    /** Returns bytes reserved by {@link #tryReserve}. */
    void release(String subject, long bytes) {
        usedBy.computeIfPresent(subject, (key, held) -> held <= bytes ? null : held - bytes);
        used.addAndGet(-bytes);
    }

    /** Bytes reserved now, over all identities. */
    long used() {
        return used.get();
    }

    private boolean reserveTotal(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > total) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }
}
