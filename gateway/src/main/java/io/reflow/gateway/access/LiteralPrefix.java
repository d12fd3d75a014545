package io.reflow.gateway.access;

/**
 * The literal text every name matching an anchored pattern starts with: {@code tool-} for {@code
 * ^tool-(a|b)$}. Checked with {@code startsWith} before the pattern runs, so most policies that do
 * not match an item cost a string compare instead of a regular expression match.
 */
final class LiteralPrefix {

    private static final String SPECIAL = "\\.[]{}()*+?|^$";

    private LiteralPrefix() {}

    /** The prefix a match of {@code pattern} must start with; empty when none is certain. */
    static String of(String pattern) {
        if (!pattern.startsWith("^") || hasTopLevelAlternative(pattern)) {
            return "";
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 1; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                // A quantifier makes the character before it optional or repeated.
                if ((c == '*' || c == '?' || c == '{') && !prefix.isEmpty()) {
                    prefix.setLength(prefix.length() - 1);
                }
                break;
            }
            prefix.append(c);
        }
        return prefix.toString();
    }

    /** Whether {@code pattern} has a {@code |} outside every group (it may not start with ^). */
    private static boolean hasTopLevelAlternative(String pattern) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}
