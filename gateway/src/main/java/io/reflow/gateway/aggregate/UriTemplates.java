package io.reflow.gateway.aggregate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matching of URIs against RFC 6570 templates as resource templates use them: a simple {@code
 * {var}} matches one path segment, a reserved {@code {+var}} or fragment {@code {#var}} expansion
 * anything, and query expansions {@code {?a,b}} or {@code {&a}} an optional query part. Pure.
 */
final class UriTemplates {

    private static final Pattern EXPRESSION = Pattern.compile("\\{([+#./;?&]?)[^}]*}");

    private UriTemplates() {}

    /** The pattern that URIs made from {@code template} match. */
    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(
                    switch (m.group(1)) {
                        case "+", "#" -> ".*";
                        case "?", "&" -> "([?&].*)?";
                        default -> "[^/?#]*";
                    });
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
