package io.reflow.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Metric families by name, written in the Prometheus text format (version 0.0.4) on each scrape.
 * Registering a name again returns the family already registered (a gauge takes the new value
 * source), so components built more than once in one process share their meters.
 */
public final class MetricRegistry {

    /** Content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final MetricRegistry PROCESS = new MetricRegistry();

    private final Map<String, MetricFamily> families = new ConcurrentSkipListMap<>();

    /** An empty registry; each process serves {@link #process()}. */
    public MetricRegistry() {}

    /** The registry of this process, served on {@code /observe/metrics}. */
    public static MetricRegistry process() {
        return PROCESS;
    }

    /** A counter family; its name should end with {@code _total}. */
    public Counter counter(String name, String help, String... labelNames) {
        return register(name, Counter.class, () -> new Counter(name, help, List.of(labelNames)));
    }

    /** A histogram family with the given upper bounds (seconds, ascending; +Inf is implied). */
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return register(
                name,
                Histogram.class,
                () -> new Histogram(name, help, List.of(labelNames), buckets));
    }

    /** A gauge without labels whose value is read from {@code value} on every scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        gauge(name, help, new String[0]).source(value);
    }

    /** A gauge family whose values, one per label set, are read from their sources. */
    public Gauge gauge(String name, String help, String... labelNames) {
        return register(name, Gauge.class, () -> new Gauge(name, help, List.of(labelNames)));
    }

    /** Every family in the Prometheus text format, ordered by name. */
    public String scrape() {
        StringBuilder out = new StringBuilder(1024);
        for (MetricFamily family : families.values()) {
            family.writeTo(out);
        }
        return out.toString();
    }

    private <T extends MetricFamily> T register(String name, Class<T> type, Supplier<T> create) {
        MetricFamily family = families.computeIfAbsent(name, n -> create.get());
        if (!type.isInstance(family)) {
            throw new IllegalArgumentException(
                    "metric '" + name + "' is already registered as another type");
        }
        return type.cast(family);
    }
}
