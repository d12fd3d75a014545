package io.reflow.gateway.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.StdioConfig;
import io.reflow.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the collector tells the instances view about activity, with a clock that stands still. */
class ProcessPoolActivityTest {

    private final MovableClock clock = new MovableClock();
    private final ProcessPool pool = new ProcessPool(StdioConfig.DEFAULTS, clock);
    private final AtomicInteger changes = new AtomicInteger();

    /**
     * A channel whose next read of its activity is followed at once by a request touching it, as
     * when a request arrives while the collector runs.
     */
    private final class TouchedWhileRead implements Channel {
        private volatile Instant activity = clock.instant();
        private volatile boolean touchAfterRead;

        @Override
        public Instant lastActivity() {
            Instant read = activity;
            if (touchAfterRead) {
                touchAfterRead = false;
                touch();
            }
            return read;
        }

        @Override
        public void touch() {
            activity = clock.instant();
        }

        @Override
        public String id() {
            return "p1";
        }

        @Override
        public String target() {
            return "everything";
        }

        @Override
        public MessageRouter router() {
            return new MessageRouter("everything");
        }

        @Override
        public Instant startedAt() {
            return Instant.EPOCH;
        }

        @Override
        public void send(byte[] json) {}

        @Override
        public void stop(String reason) {}

        @Override
        public boolean awaitExit(Duration wait) {
            return true;
        }
    }

    @Test
    void activityThatLandsWhileTheCollectorRunsIsReportedByItsNextRun() {
        TouchedWhileRead channel = new TouchedWhileRead();
        pool.acquire("everything", "subject", null, onExit -> channel);
        pool.onChange(changes::incrementAndGet);
        pool.collect();
        changes.set(0);

        clock.advance(Duration.ofMinutes(1));
        channel.touchAfterRead = true;
        pool.collect();
        pool.collect();

        assertThat(changes.get()).isEqualTo(1);
        pool.collect();
        assertThat(changes.get()).as("no activity since, nothing more to report").isEqualTo(1);
    }
}
