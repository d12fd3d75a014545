package io.reflow.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/** A gauge family: one value source per set of label values, read on every scrape. */
public final class Gauge implements MetricFamily {

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, DoubleSupplier> sources = new ConcurrentHashMap<>();

    Gauge(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
    }

    /**
     * Reads the gauge for these label values (in the order of the label names) from {@code value};
     * the latest source wins, so a component built again in the same process reports itself.
     *
     * @throws IllegalArgumentException when the number of values does not match the names
     */
    public void source(DoubleSupplier value, String... labelValues) {
        sources.put(Labels.values(labelNames, labelValues, name), value);
    }

    @Override
    public void writeTo(StringBuilder out) {
        TextFormat.header(out, name, help, "gauge");
        for (Map.Entry<List<String>, DoubleSupplier> source : Labels.sorted(sources)) {
            out.append(name);
            TextFormat.labels(out, labelNames, source.getKey(), null, null);
            out.append(' ').append(TextFormat.number(source.getValue().getAsDouble())).append('\n');
        }
    }
}
