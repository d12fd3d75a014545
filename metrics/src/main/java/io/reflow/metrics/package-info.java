/**
 * Prometheus metrics of the gateway and the operator: a small registry of labelled counters,
 * histograms and gauges written in the Prometheus text format, and the handler that serves it.
 *
 * <p>Hand-written rather than Micrometer or Prometheus' client_java, for start-up and per-request
 * cost measured by {@code MetricsLibraryBenchmark} (docs/benchmarks.md, 2026-12-02, 2 cores): first
 * request and scrape in a fresh JVM 21 ms against 330-500 ms for client_java 1.10 and 570-730 ms
 * for Helidon's metrics on Micrometer; one request's counter and histogram 105-110 ns against 170
 * ns and 360-500 ns.
 */
package io.reflow.metrics;
