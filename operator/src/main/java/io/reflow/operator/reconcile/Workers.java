package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.operator.observe.OperatorLog;
import io.reflow.operator.observe.OperatorMetrics;
import io.reflow.operator.observe.ReconcileTracing;
import io.reflow.operator.queue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Virtual threads that take keys from the queue and reconcile them: a success clears the key's
 * backoff and schedules its timed requeue; a failure retries with exponential backoff.
 */
public final class Workers {

    private static final Logger LOG = Logger.getLogger(Workers.class.getName());

    private final WorkQueue queue;
    private final Reconciler reconciler;
    private final OperatorMetrics metrics;
    private final int count;
    private final ReconcileTracing tracing;
    private final LongAdder reconciles = new LongAdder();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * {@code count} workers for {@code queue}, each reconcile a span of {@code tracing}; none runs
     * before {@link #start()}.
     */
    public Workers(
            WorkQueue queue,
            Reconciler reconciler,
            OperatorMetrics metrics,
            int count,
            ReconcileTracing tracing) {
        this.tracing = tracing;
        this.queue = queue;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.count = count;
    }

    /** Starts the workers (again after {@link #stop()}). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        threads.clear();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().name("reflow-reconcile-" + i).start(this::loop));
        }
    }

    /** Stops the workers and waits briefly for reconciles in flight. */
    public synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    /** Whether the workers are running. */
    public boolean running() {
        return running;
    }

    /** Reconciles run by these workers so far. */
    public long reconciles() {
        return reconciles.sum();
    }

    private void loop() {
        while (running) {
            String key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                if (!running) {
                    queue.add(key);
                    return;
                }
                process(key);
            } finally {
                queue.done(key);
            }
        }
    }

    private void process(String key) {
        long start = System.nanoTime();
        ReconcileTracing.Reconcile span = tracing.start(key);
        String outcome = "failed";
        try {
            Optional<Duration> requeue = reconciler.reconcile(key);
            queue.forget(key);
            requeue.ifPresent(delay -> queue.addAfter(key, delay));
            outcome = "ok";
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                outcome = "requeued";
                metrics.conflicted();
                OperatorLog.log(
                        LOG,
                        Level.FINE,
                        "requeued " + key + " after " + e.getCode(),
                        null,
                        "instance",
                        key);
            } else {
                failed(key, e);
            }
            queue.addRateLimited(key);
        } catch (RuntimeException e) {
            failed(key, e);
            queue.addRateLimited(key);
        } finally {
            span.end(outcome);
            reconciles.increment();
            metrics.reconciled(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void failed(String key, RuntimeException e) {
        if (!running) {
            return;
        }
        metrics.failed();
        OperatorLog.log(
                LOG,
                Level.WARNING,
                "reconcile of " + key + " failed, retrying with backoff: " + e.getMessage(),
                e,
                "instance",
                key);
    }
}
