package io.reflow.testing.controlplane;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a process of the control plane: child processes give no event to wait on. */
final class Waiting {

    private Waiting() {}

    /** Polls {@code condition} every 100 ms until it holds; fails naming {@code what}. */
    static void until(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
            pause();
        }
        throw new IllegalStateException(
                "timed out after " + timeout + " waiting for " + what, last);
    }

    /** A short pause between two looks at a child process. */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the control plane", e);
        }
    }
}
