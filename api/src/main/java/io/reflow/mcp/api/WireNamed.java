package io.reflow.mcp.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum constant with the lowercase name it has in JSON, YAML and the REST API. */
public interface WireNamed {

    /** The value as written on the wire. */
    String wireName();

    /**
     * Finds the constant whose wire name is {@code value}.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    static <E extends Enum<E> & WireNamed> E parse(E[] values, String value) {
        for (E candidate : values) {
            if (candidate.wireName().equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                "'" + value + "' is not one of " + acceptedValues(values));
    }

    /** The accepted wire values, comma separated. */
    static String acceptedValues(WireNamed[] values) {
        return Arrays.stream(values).map(WireNamed::wireName).collect(Collectors.joining(", "));
    }
}
