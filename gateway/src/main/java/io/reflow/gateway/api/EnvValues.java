package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.target.FieldError;
import io.reflow.gateway.target.TargetValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates the body of an env config: an object of {@code KEY: "value"} strings. */
final class EnvValues {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvValues() {}

    static Map<String, String> parse(JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        if (!node.isObject()) {
            errors.add(new FieldError("(body)", "must be an object of KEY: \"value\""));
            throw new TargetValidationException(errors);
        }
        node.properties()
                .forEach(
                        entry -> {
                            String key = entry.getKey();
                            if (!KEY.matcher(key).matches() || key.length() > 128) {
                                errors.add(new FieldError(key, "is not an env variable name"));
                            } else if (!entry.getValue().isTextual()) {
                                errors.add(new FieldError(key, "value must be a string"));
                            } else if (entry.getValue().asText().contains("\n")
                                    || entry.getValue().asText().contains("\r")) {
                                errors.add(
                                        new FieldError(key, "value must not contain line breaks"));
                            } else {
                                values.put(key, entry.getValue().asText());
                            }
                        });
        if (!errors.isEmpty()) {
            throw new TargetValidationException(errors);
        }
        return values;
    }
}
