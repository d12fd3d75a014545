package io.reflow.gateway.proxy.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The header fields of a response; names are looked up without regard to case. */
public final class ResponseHeaders {

    private final Map<String, List<String>> byName = new HashMap<>();
    private List<String> lastValues;

    ResponseHeaders() {}

    /** The first value of {@code name}, if the response has the field. */
    public Optional<String> first(String name) {
        List<String> values = byName.get(name.toLowerCase(Locale.ROOT));
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All values of {@code name} in the order received; empty if the response lacks it. */
    public List<String> all(String name) {
        List<String> values = byName.get(name.toLowerCase(Locale.ROOT));
        return values == null ? List.of() : List.copyOf(values);
    }

    /** Whether a value of the field {@code name} (lower case) lists {@code token}, in any case. */
    boolean hasToken(String name, String token) {
        List<String> values = byName.get(name);
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String element : value.split(",")) {
                if (element.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    void add(String name, String value) {
        lastValues = byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1));
        lastValues.add(value);
    }

    /** Continues the last field's value (an obsolete line folding); false if there is none. */
    boolean continueLast(String more) {
        if (lastValues == null) {
            return false;
        }
        int last = lastValues.size() - 1;
        lastValues.set(last, lastValues.get(last) + " " + more);
        return true;
    }
}
