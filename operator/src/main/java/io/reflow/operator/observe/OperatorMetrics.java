package io.reflow.operator.observe;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import io.reflow.mcp.api.InstancePhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The operator's Prometheus meters in Helidon's global registry: reconciles, errors, reconcile
 * latency, queue depth, collected instances and instances by phase. Gauges add up every operator
 * running in this JVM.
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

    private final Counter reconciles;
    private final Counter errors;
    private final Counter conflicts;
    private final Timer latency;
    private final MeterRegistry registry;

    private OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        reconciles =
                registry.getOrCreate(
                        Counter.builder("reflow.operator.reconciles")
                                .description("Reconciles of MCPInstances, successful or not"));
        errors =
                registry.getOrCreate(
                        Counter.builder("reflow.operator.reconcile.errors")
                                .description(
                                        "Reconciles that failed and were retried with backoff"));
        conflicts =
                registry.getOrCreate(
                        Counter.builder("reflow.operator.reconcile.conflicts")
                                .description(
                                        "Reconciles requeued after a 409 or 404 (stale cache)"));
        latency =
                registry.getOrCreate(
                        Timer.builder("reflow.operator.reconcile.duration")
                                .description("Time of one reconcile"));
        registry.getOrCreate(
                Gauge.builder(
                                "reflow.operator.queue.depth",
                                (Supplier<Integer>) () -> sum(Source::queueDepth))
                        .description("Instance keys waiting for a reconcile worker"));
        for (InstancePhase phase : InstancePhase.values()) {
            registry.getOrCreate(
                    Gauge.builder(
                                    "reflow.operator.instances",
                                    (Supplier<Integer>)
                                            () ->
                                                    sum(
                                                            source ->
                                                                    source.instancesByPhase()
                                                                            .getOrDefault(
                                                                                    phase, 0)))
                            .tags(List.of(Tag.create("phase", phase.name())))
                            .description("MCPInstances in the watched namespace by phase"));
        }
    }

    /** The process-wide meters, registered on first use. */
    public static OperatorMetrics get() {
        OperatorMetrics current = instance;
        if (current == null) {
            synchronized (REGISTRATION) {
                current = instance;
                if (current == null) {
                    // The registry Helidon's metrics endpoint serves (Metrics.globalRegistry() is
                    // deprecated for removal since Helidon 4.4 in favour of the service registry).
                    current = new OperatorMetrics(Services.get(MeterRegistry.class));
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
        latency.record(elapsed);
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
        registry.getOrCreate(
                        Counter.builder("reflow.operator.collected")
                                .tags(List.of(Tag.create("reason", reason)))
                                .description("MCPInstances deleted for idleness or age"))
                .increment();
    }

    private static int sum(java.util.function.ToIntFunction<Source> value) {
        int total = 0;
        for (Source source : SOURCES) {
            total += value.applyAsInt(source);
        }
        return total;
    }
}
