package io.reflow.mcp.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in specs and config: {@code 90s}, {@code 30m}, {@code 1h30m}, {@code 500ms}.
 */
public final class Durations {

    /** The accepted syntax, also enforced by the CRD schema. */
    public static final String PATTERN = "^([0-9]+(ms|s|m|h|d))+$";

    private static final Pattern WHOLE = Pattern.compile(PATTERN);
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the accepted syntax when the text does not match, or
     *     saying so when the duration is too long to represent
     */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration such as 90s, 30m, 1h30m or 500ms");
        }
        try {
            return sum(text);
        } catch (ArithmeticException | NumberFormatException e) {
            // The syntax allows any number of digits; a Duration holds about 292 billion years.
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    private static Duration sum(String text) {
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total =
                    total.plus(
                            switch (part.group(2)) {
                                case "ms" -> Duration.ofMillis(amount);
                                case "s" -> Duration.ofSeconds(amount);
                                case "m" -> Duration.ofMinutes(amount);
                                case "h" -> Duration.ofHours(amount);
                                case "d" -> Duration.ofDays(amount);
                                default -> throw new IllegalStateException(part.group(2));
                            });
        }
        return total;
    }

    /** Formats a duration in the same syntax, e.g. {@code 1h30m}; zero is {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toHours(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
