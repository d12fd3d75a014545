package io.reflow.gateway.metrics;

import java.util.function.DoubleSupplier;

/** A gauge without labels, read from its value source on every scrape. */
final class Gauge implements MetricFamily {

    private final String name;
    private final String help;
    private volatile DoubleSupplier source = () -> 0;

    Gauge(String name, String help) {
        this.name = name;
        this.help = help;
    }

    /** The latest source wins, so a component built again in the same process reports itself. */
    void source(DoubleSupplier value) {
        this.source = value;
    }

    @Override
    public void writeTo(StringBuilder out) {
        TextFormat.header(out, name, help, "gauge");
        out.append(name).append(' ').append(TextFormat.number(source.getAsDouble())).append('\n');
    }
}
