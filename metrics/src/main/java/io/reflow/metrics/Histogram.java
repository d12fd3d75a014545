package io.reflow.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** A histogram family of durations: bucket counts, count and sum (seconds) per label values. */
public final class Histogram implements MetricFamily {

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final long[] boundsNanos;
    private final String[] boundLabels;
    private final Map<List<String>, Child> children = new ConcurrentHashMap<>();

    Histogram(String name, String help, List<String> labelNames, double[] bucketsSeconds) {
        for (int i = 1; i < bucketsSeconds.length; i++) {
            if (bucketsSeconds[i] <= bucketsSeconds[i - 1]) {
                throw new IllegalArgumentException(
                        "metric '" + name + "': buckets must be ascending");
            }
        }
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
        this.boundsNanos = new long[bucketsSeconds.length];
        this.boundLabels = new String[bucketsSeconds.length];
        for (int i = 0; i < bucketsSeconds.length; i++) {
            boundsNanos[i] = (long) (bucketsSeconds[i] * 1e9);
            boundLabels[i] = TextFormat.number(bucketsSeconds[i]);
        }
    }

    /**
     * The histogram for these label values (in the order of the label names), created empty.
     *
     * @throws IllegalArgumentException when the number of values does not match the names
     */
    public Child labels(String... values) {
        List<String> key = Labels.values(labelNames, values, name);
        return children.computeIfAbsent(key, k -> new Child(boundsNanos));
    }

    @Override
    public void writeTo(StringBuilder out) {
        TextFormat.header(out, name, help, "histogram");
        for (Map.Entry<List<String>, Child> entry : Labels.sorted(children)) {
            List<String> values = entry.getKey();
            Child child = entry.getValue();
            long cumulative = 0;
            for (int i = 0; i <= boundsNanos.length; i++) {
                cumulative += child.buckets.get(i);
                out.append(name).append("_bucket");
                String le = i < boundLabels.length ? boundLabels[i] : "+Inf";
                TextFormat.labels(out, labelNames, values, "le", le);
                out.append(' ').append(cumulative).append('\n');
            }
            out.append(name).append("_sum");
            TextFormat.labels(out, labelNames, values, null, null);
            out.append(' ').append(TextFormat.number(child.sumNanos.get() / 1e9)).append('\n');
            out.append(name).append("_count");
            TextFormat.labels(out, labelNames, values, null, null);
            out.append(' ').append(cumulative).append('\n');
        }
    }

    /**
     * The observations of one label set; each bucket counts only its own range until a scrape adds
     * them up. Plain atomics rather than striped adders: a few bytes per bucket whatever the number
     * of CPUs, and a request costs far more than a contended increment.
     */
    public static final class Child {

        private final long[] boundsNanos;
        private final AtomicLongArray buckets;
        private final AtomicLong sumNanos = new AtomicLong();

        private Child(long[] boundsNanos) {
            this.boundsNanos = boundsNanos;
            this.buckets = new AtomicLongArray(boundsNanos.length + 1);
        }

        /** Records one duration in nanoseconds (negative values count as zero). */
        public void observeNanos(long nanos) {
            long value = Math.max(0, nanos);
            int bucket = Arrays.binarySearch(boundsNanos, value);
            // An exact bound belongs to its own bucket (le = less or equal); otherwise the first
            // bound above the value.
            buckets.incrementAndGet(bucket >= 0 ? bucket : -bucket - 1);
            sumNanos.addAndGet(value);
        }
    }
}
