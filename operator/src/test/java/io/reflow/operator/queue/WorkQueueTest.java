package io.reflow.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void takeReturnsNullOnceClosed() throws Exception {
        CompletableFuture<String> taken = new CompletableFuture<>();
        Thread taker =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try {
                                        taken.complete(queue.take());
                                    } catch (InterruptedException e) {
                                        taken.completeExceptionally(e);
                                    }
                                });
        // Close only once take() is blocked on the empty queue, not before it was called.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> taker.getState() == Thread.State.WAITING);

        queue.close();

        assertThat(taken.get(10, TimeUnit.SECONDS)).isNull();
    }
}
