package io.reflow.operator.observe;

import io.reflow.mcp.api.InstancePhase;
import io.reflow.metrics.Counter;
import io.reflow.metrics.Gauge;
import io.reflow.metrics.Histogram;
import io.reflow.metrics.MetricRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The operator's Prometheus meters in the process registry (served on {@code /observe/metrics}):
 * reconciles, errors, reconcile latency, queue depth, collected instances and instances by phase.
 * Gauges add up every operator running in this JVM.
 */
public final class OperatorMetrics {

    /** What a running operator reports to the gauges. */
    public interface Source {
        /** Keys waiting for a worker. */
        int queueDepth();

        /** Instances in the watched namespace by phase (no phase yet counts as Pending). */
        Map<InstancePhase, Integer> instancesByPhase();
    }

    private static final List<Source> SOURCES = new CopyOnWriteArrayList<>();
    private static final Object REGISTRATION = new Object();
    private static volatile OperatorMetrics instance;

    /** Reconcile latency buckets in seconds: a reconcile is a few API calls. */
    static final double[] LATENCY_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
    };

    private final LongAdder reconciles;
    private final LongAdder errors;
    private final LongAdder conflicts;
    private final Histogram.Child latency;
    private final Counter collected;

    private OperatorMetrics(MetricRegistry registry) {
        reconciles =
                registry.counter(
                                "reflow_operator_reconciles_total",
                                "Reconciles of MCPInstances, successful or not")
                        .labels();
        errors =
                registry.counter(
                                "reflow_operator_reconcile_errors_total",
                                "Reconciles that failed and were retried with backoff")
                        .labels();
        conflicts =
                registry.counter(
                                "reflow_operator_reconcile_conflicts_total",
                                "Reconciles requeued after a 409 or 404 (stale cache)")
                        .labels();
        latency =
                registry.histogram(
                                "reflow_operator_reconcile_duration_seconds",
                                "Time of one reconcile",
                                LATENCY_BUCKETS)
                        .labels();
        collected =
                registry.counter(
                        "reflow_operator_collected_total",
                        "MCPInstances deleted for idleness or age",
                        "reason");
        registry.gauge(
                "reflow_operator_queue_depth",
                "Instance keys waiting for a reconcile worker",
                () -> sum(Source::queueDepth));
        Gauge instances =
                registry.gauge(
                        "reflow_operator_instances",
                        "MCPInstances in the watched namespace by phase",
                        "phase");
        for (InstancePhase phase : InstancePhase.values()) {
            instances.source(
                    () -> sum(source -> source.instancesByPhase().getOrDefault(phase, 0)),
                    phase.name());
        }
    }

    /** The process-wide meters, registered on first use. */
    public static OperatorMetrics get() {
        OperatorMetrics current = instance;
        if (current == null) {
            synchronized (REGISTRATION) {
                current = instance;
                if (current == null) {
                    current = new OperatorMetrics(MetricRegistry.process());
                    instance = current;
                }
            }
        }
        return current;
    }

    /** Adds a running operator to the gauges. */
    public void register(Source source) {
        SOURCES.add(source);
    }

    /** Removes a stopped operator from the gauges. */
    public void unregister(Source source) {
        SOURCES.remove(source);
    }

    /** Records one reconcile and how long it took. */
    public void reconciled(Duration elapsed) {
        reconciles.increment();
        latency.observeNanos(elapsed.toNanos());
    }

    /** Records a failed reconcile. */
    public void failed() {
        errors.increment();
    }

    /** Records a reconcile requeued because of a conflict. */
    public void conflicted() {
        conflicts.increment();
    }

    /** Records an instance deleted by garbage collection. */
    public void collected(String reason) {
        collected.labels(reason).increment();
    }

    private static int sum(java.util.function.ToIntFunction<Source> value) {
        int total = 0;
        for (Source source : SOURCES) {
            total += value.applyAsInt(source);
        }
        return total;
    }
}
