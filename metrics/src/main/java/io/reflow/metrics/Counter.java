package io.reflow.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A counter family: one monotonic count per set of label values. */
public final class Counter implements MetricFamily {

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
    }

    /**
     * The count for these label values (in the order of the label names), created at zero.
     *
     * @throws IllegalArgumentException when the number of values does not match the names
     */
    public LongAdder labels(String... values) {
        List<String> key = Labels.values(labelNames, values, name);
        return children.computeIfAbsent(key, k -> new LongAdder());
    }

    @Override
    public void writeTo(StringBuilder out) {
        TextFormat.header(out, name, help, "counter");
        for (Map.Entry<List<String>, LongAdder> child : Labels.sorted(children)) {
            out.append(name);
            TextFormat.labels(out, labelNames, child.getKey(), null, null);
            out.append(' ').append(child.getValue().sum()).append('\n');
        }
    }
}
