package io.reflow.gateway.proxy;

import java.util.concurrent.ConcurrentHashMap;

/** Caps the MCP requests one identity may have in flight at once. */
public final class ConcurrencyLimiter {

    private final int max;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    /** A limiter of {@code max} requests per subject. */
    public ConcurrencyLimiter(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code subject}; false when the subject is at its limit. */
    public boolean tryAcquire(String subject) {
        boolean[] acquired = {false};
        inFlight.compute(
                subject,
                (key, count) -> {
                    int current = count == null ? 0 : count;
                    if (current >= max) {
                        return count;
                    }
                    acquired[0] = true;
                    return current + 1;
                });
        return acquired[0];
    }

    /** The slots taken now, over all subjects. */
    public int inFlight() {
        int total = 0;
        for (int count : inFlight.values()) {
            total += count;
        }
        return total;
    }

    /** Returns a slot taken by {@link #tryAcquire}. */
    public void release(String subject) {
        inFlight.computeIfPresent(subject, (key, count) -> count <= 1 ? null : count - 1);
    }
}
