package io.reflow.gateway.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps error bodies small whatever the request held: values echoed in messages are cut to {@value
 * #MAX_ECHO} characters with an ellipsis, so a 5,000-character name is never sent back whole.
 */
final class Bounded {

    /** The most characters of a request value an error message quotes. */
    static final int MAX_ECHO = 64;

    /** The most characters of one message, a last resort for values quoted some other way. */
    static final int MAX_MESSAGE = 512;

    // A value quoted in a message: 'text' (the validators' convention).
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (MAX_ECHO + 1) + ",})'");

    private Bounded() {}

    /** {@code value} in single quotes, cut to {@link #MAX_ECHO} characters. */
    static String quoted(String value) {
        return "'" + cut(value, MAX_ECHO) + "'";
    }

    /** A field name fit to send back: cut to {@link #MAX_ECHO} characters. */
    static String field(String name) {
        return name == null ? null : cut(name, MAX_ECHO);
    }

    /** {@code message} with every long quoted value cut, and at most {@link #MAX_MESSAGE} chars. */
    static String message(String message) {
        Matcher quoted = QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            quoted.appendReplacement(out, Matcher.quoteReplacement(quoted(quoted.group(1))));
        }
        quoted.appendTail(out);
        return cut(out.toString(), MAX_MESSAGE);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
