package io.reflow.gateway.bench;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.providers.micrometer.MicrometerPrometheusFormatter;
import io.helidon.service.registry.Services;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reflow.metrics.Histogram;
import io.reflow.metrics.MetricRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics library for both processes (a program, not a test): the gateway's own registry
 * against Helidon's metrics API on Micrometer, which the operator uses, and against Prometheus' own
 * Java client. Measures what a request costs (one counter by target, method and status, one latency
 * observation by target and method, meters looked up per request as the proxy does) and what
 * start-up costs (first registry, the proxy's meters, one request, one scrape, in a fresh JVM).
 * Arguments: {@code startup handwritten|helidon|prometheus} (one start-up, printed as
 * milliseconds), or {@code request [iterations]}.
 */
public final class MetricsLibraryBenchmark {

    private static final String[] TARGETS = {"alpha", "beta", "gamma", "delta", "epsilon"};
    private static final String[] METHODS = {"tools/call", "tools/list", "initialize", "ping"};
    private static final int[] STATUSES = {200, 202, 403, 502};
    private static final double[] BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300
    };

    private MetricsLibraryBenchmark() {}

    /** What recording one request means, in either library. */
    private interface Recorder {
        void request(String target, String method, int status, long nanos);

        String scrape();
    }

    /** The gateway's registry, used as {@code ProxyMetrics} uses it. */
    private static final class HandWritten implements Recorder {
        private final MetricRegistry registry = new MetricRegistry();
        private final io.reflow.metrics.Counter requests =
                registry.counter("reflow_mcp_requests_total", "h", "target", "method", "status");
        private final Histogram durations =
                registry.histogram(
                        "reflow_mcp_request_duration_seconds", "h", BUCKETS, "target", "method");
        private final ConcurrentHashMap<List<Object>, LongAdder> counters =
                new ConcurrentHashMap<>();
        private final ConcurrentHashMap<List<Object>, Histogram.Child> timers =
                new ConcurrentHashMap<>();

        @Override
        public void request(String target, String method, int status, long nanos) {
            counters.computeIfAbsent(
                            List.of(target, method, status),
                            k -> requests.labels(target, method, Integer.toString(status)))
                    .increment();
            timers.computeIfAbsent(List.of(target, method), k -> durations.labels(target, method))
                    .observeNanos(nanos);
        }

        @Override
        public String scrape() {
            return registry.scrape();
        }
    }

    /** Helidon's metrics API on Micrometer, with the same meters and buckets. */
    private static final class HelidonMicrometer implements Recorder {
        private final MeterRegistry registry = Services.get(MeterRegistry.class);
        private final ConcurrentHashMap<List<Object>, Counter> counters = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<List<Object>, DistributionSummary> timers =
                new ConcurrentHashMap<>();

        @Override
        public void request(String target, String method, int status, long nanos) {
            counters.computeIfAbsent(
                            List.of(target, method, status),
                            k ->
                                    registry.getOrCreate(
                                            Counter.builder("reflow.mcp.requests")
                                                    .tags(
                                                            List.of(
                                                                    Tag.create("target", target),
                                                                    Tag.create("method", method),
                                                                    Tag.create(
                                                                            "status",
                                                                            Integer.toString(
                                                                                    status))))))
                    .increment();
            timers.computeIfAbsent(
                            List.of(target, method),
                            k ->
                                    registry.getOrCreate(
                                            DistributionSummary.builder(
                                                            "reflow.mcp.request.duration.seconds")
                                                    .tags(
                                                            List.of(
                                                                    Tag.create("target", target),
                                                                    Tag.create("method", method)))
                                                    .distributionStatisticsConfig(
                                                            DistributionStatisticsConfig.builder()
                                                                    .buckets(BUCKETS))))
                    .record(nanos / 1e9);
        }

        @Override
        public String scrape() {
            // What Helidon's metrics endpoint (the operator's /observe/metrics) answers.
            return MicrometerPrometheusFormatter.builder(registry)
                    .build()
                    .format()
                    .orElseThrow()
                    .toString();
        }
    }

    /** Prometheus' own Java client (client_java 1.x), with the same meters and buckets. */
    private static final class PrometheusClient implements Recorder {
        private final PrometheusRegistry registry = new PrometheusRegistry();
        private final io.prometheus.metrics.core.metrics.Counter requests =
                io.prometheus.metrics.core.metrics.Counter.builder()
                        .name("reflow_mcp_requests_total")
                        .help("h")
                        .labelNames("target", "method", "status")
                        .register(registry);
        private final io.prometheus.metrics.core.metrics.Histogram durations =
                io.prometheus.metrics.core.metrics.Histogram.builder()
                        .name("reflow_mcp_request_duration_seconds")
                        .help("h")
                        .classicOnly()
                        .classicUpperBounds(BUCKETS)
                        .labelNames("target", "method")
                        .register(registry);
        private final ConcurrentHashMap<List<Object>, CounterDataPoint> counters =
                new ConcurrentHashMap<>();
        private final ConcurrentHashMap<List<Object>, DistributionDataPoint> timers =
                new ConcurrentHashMap<>();

        @Override
        public void request(String target, String method, int status, long nanos) {
            counters.computeIfAbsent(
                            List.of(target, method, status),
                            k -> requests.labelValues(target, method, Integer.toString(status)))
                    .inc();
            timers.computeIfAbsent(
                            List.of(target, method), k -> durations.labelValues(target, method))
                    .observe(nanos / 1e9);
        }

        @Override
        public String scrape() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                PrometheusTextFormatWriter.create().write(out, registry.scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Recorder recorder(String library) {
        return switch (library) {
            case "handwritten" -> new HandWritten();
            case "helidon" -> new HelidonMicrometer();
            case "prometheus" -> new PrometheusClient();
            default ->
                    throw new IllegalArgumentException(
                            "library: handwritten, helidon or prometheus, not " + library);
        };
    }

    /** Runs one measurement; see the class comment for the arguments. */
    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("startup")) {
            long start = System.nanoTime();
            Recorder recorder = recorder(args[1]);
            recorder.request("alpha", "tools/call", 200, 1_000_000);
            int scraped = recorder.scrape().length();
            double ms = (System.nanoTime() - start) / 1e6;
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            System.out.printf(
                    Locale.ROOT,
                    "%s: first request and scrape %.1f ms (JVM up %d ms, %d bytes scraped)%n",
                    args[1],
                    ms,
                    uptime,
                    scraped);
            return;
        }
        int iterations = args.length >= 2 ? Integer.parseInt(args[1]) : 2_000_000;
        for (String library : new String[] {"handwritten", "helidon", "prometheus"}) {
            Recorder recorder = recorder(library);
            List<Double> rounds = new ArrayList<>();
            for (int round = 0; round < 7; round++) {
                rounds.add(perRequestNanos(recorder, iterations));
            }
            rounds.sort(null);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %.1f ns per request (median of 7 rounds of %d, 2 threads)%n",
                    library,
                    rounds.get(3),
                    iterations);
        }
    }

    private static double perRequestNanos(Recorder recorder, int iterations) {
        Runnable work =
                () -> {
                    for (int i = 0; i < iterations; i++) {
                        recorder.request(
                                TARGETS[i % TARGETS.length],
                                METHODS[(i >> 3) % METHODS.length],
                                STATUSES[(i >> 5) % STATUSES.length],
                                i);
                    }
                };
        long start = System.nanoTime();
        Thread other = Thread.ofPlatform().start(work);
        work.run();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - start) / (double) (2L * iterations);
    }
}
