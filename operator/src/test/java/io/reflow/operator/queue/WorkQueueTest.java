package io.reflow.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final WorkQueue queue =
            new WorkQueue(new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void queuesAKeyOnlyOnce() throws InterruptedException {
        queue.add("ns/a");
        queue.add("ns/a");
        queue.add("ns/b");

        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.take()).isEqualTo("ns/a");
        assertThat(queue.take()).isEqualTo("ns/b");
    }

    @Test
    void keyAddedWhileProcessingComesBackAfterDoneNotBefore() throws InterruptedException {
        queue.add("ns/a");
        String key = queue.take();

        queue.add("ns/a");
        assertThat(queue.depth()).isZero();
        queue.done(key);

        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo("ns/a");
    }

    @Test
    void delayedKeyArrivesAfterItsDelay() {
        queue.addAfter("ns/a", Duration.ofMillis(200));

        assertThat(queue.depth()).isZero();
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.depth() == 1);
    }

    @Test
    void earlierDelayOfTheSameKeyWins() {
        queue.addAfter("ns/a", Duration.ofMinutes(10));
        queue.addAfter("ns/a", Duration.ofMillis(50));
        queue.addAfter("ns/a", Duration.ofMinutes(5));

        await().atMost(Duration.ofSeconds(2)).until(() -> queue.depth() == 1);
        assertThat(queue.delayedCount()).isZero();
    }

    @Test
    void takeReturnsNullOnceClosed() throws InterruptedException {
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            queue.close();
                        });

        assertThat(queue.take()).isNull();
    }
}
