package io.reflow.metrics;

/** One named metric with its samples, able to write itself in the Prometheus text format. */
sealed interface MetricFamily permits Counter, Histogram, Gauge {

    /** Appends the {@code # HELP}, {@code # TYPE} and sample lines. */
    void writeTo(StringBuilder out);
}
