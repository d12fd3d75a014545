package io.reflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Prometheus text format of counters, histograms and gauges. */
class MetricRegistryTest {

    private final MetricRegistry registry = new MetricRegistry();

    @Test
    void writesCountersPerLabelSetInLabelOrder() {
        Counter requests = registry.counter("x_requests_total", "Requests.", "target", "status");
        requests.labels("b", "200").increment();
        requests.labels("a", "502").add(2);
        requests.labels("b", "200").increment();

        assertThat(registry.scrape())
                .isEqualTo(
                        """
                        # HELP x_requests_total Requests.
                        # TYPE x_requests_total counter
                        x_requests_total{target="a",status="502"} 2
                        x_requests_total{target="b",status="200"} 2
                        """);
    }

    @Test
    void writesCumulativeHistogramBucketsWithSumAndCount() {
        Histogram latency =
                registry.histogram("x_seconds", "Latency.", new double[] {0.01, 0.1, 1}, "m");
        Histogram.Child child = latency.labels("ping");
        child.observeNanos(5_000_000);
        child.observeNanos(100_000_000);
        child.observeNanos(2_000_000_000);

        assertThat(registry.scrape())
                .isEqualTo(
                        """
                        # HELP x_seconds Latency.
                        # TYPE x_seconds histogram
                        x_seconds_bucket{m="ping",le="0.01"} 1
                        x_seconds_bucket{m="ping",le="0.1"} 2
                        x_seconds_bucket{m="ping",le="1"} 2
                        x_seconds_bucket{m="ping",le="+Inf"} 3
                        x_seconds_sum{m="ping"} 2.105
                        x_seconds_count{m="ping"} 3
                        """);
    }

    @Test
    void readsGaugesOnEveryScrapeFromTheLatestSource() {
        AtomicInteger first = new AtomicInteger(3);
        registry.gauge("x_active", "Active.", first::get);
        assertThat(registry.scrape()).endsWith("x_active 3\n");

        first.set(4);
        assertThat(registry.scrape()).endsWith("x_active 4\n");

        registry.gauge("x_active", "Active.", () -> 7);
        assertThat(registry.scrape()).endsWith("x_active 7\n");
    }

    @Test
    void writesOneGaugeValuePerLabelSetReadAtScrapeTime() {
        AtomicInteger starting = new AtomicInteger(2);
        Gauge byPhase = registry.gauge("x_instances", "Instances by phase.", "phase");
        byPhase.source(starting::get, "Starting");
        byPhase.source(() -> 5, "Ready");

        starting.set(3);

        assertThat(registry.scrape())
                .isEqualTo(
                        "# HELP x_instances Instances by phase.\n"
                                + "# TYPE x_instances gauge\n"
                                + "x_instances{phase=\"Ready\"} 5\n"
                                + "x_instances{phase=\"Starting\"} 3\n");
        assertThatThrownBy(() -> byPhase.source(() -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x_instances");
    }

    @Test
    void escapesLabelValuesAndHelp() {
        registry.counter("x_total", "Back\\slash\nnewline \"quoted\".", "v")
                .labels("a\"b\\c\nd")
                .increment();

        assertThat(registry.scrape())
                .contains("# HELP x_total Back\\\\slash\\nnewline \"quoted\".\n")
                .contains("x_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    @Test
    void sharesAFamilyRegisteredTwice() {
        registry.counter("x_total", "Count.", "v").labels("a").increment();
        registry.counter("x_total", "Count.", "v").labels("a").increment();

        assertThat(registry.scrape()).contains("x_total{v=\"a\"} 2\n");
    }

    @Test
    void rejectsANameRegisteredAsAnotherType() {
        registry.counter("x_total", "Count.");

        assertThatThrownBy(() -> registry.gauge("x_total", "Gauge.", () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x_total'");
    }

    @Test
    void rejectsTheWrongNumberOfLabelValues() {
        Counter counter = registry.counter("x_total", "Count.", "target", "kind");

        assertThatThrownBy(() -> counter.labels("only-one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x_total")
                .hasMessageContaining("[target, kind]");
    }

    @Test
    void rejectsDescendingBuckets() {
        assertThatThrownBy(() -> registry.histogram("x_seconds", "Latency.", new double[] {1, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ascending");
    }
}
