package io.reflow.metrics;

import java.util.List;

/** Pieces of the Prometheus text format: header lines, label sets and numbers. */
final class TextFormat {

    private TextFormat() {}

    static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ');
        escape(out, help, false);
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /**
     * {@code {a="x",b="y"}} for the names and values, plus one extra label when {@code extraName}
     * is not null; nothing at all for an empty set.
     */
    static void labels(
            StringBuilder out,
            List<String> names,
            List<String> values,
            String extraName,
            String extraValue) {
        if (names.isEmpty() && extraName == null) {
            return;
        }
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(names.get(i)).append("=\"");
            escape(out, values.get(i), true);
            out.append('"');
        }
        if (extraName != null) {
            if (!names.isEmpty()) {
                out.append(',');
            }
            out.append(extraName).append("=\"").append(extraValue).append('"');
        }
        out.append('}');
    }

    /** A number as Prometheus reads it: integral values without a fraction. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void escape(StringBuilder out, String text, boolean quotes) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
