package io.reflow.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.PatternSyntaxException;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes policies in their wire form (snake_case JSON, as the original Reflow Gateway's;
 * also used for static policies in YAML), validating every field and reporting all invalid ones.
 */
public final class PolicyJson {

    /** The longest {@code resource_pattern} accepted, in characters. */
    public static final int MAX_PATTERN_LENGTH = 1024;

    /** The most subjects one policy may name. */
    public static final int MAX_SUBJECTS = 256;

    private static final Set<String> FIELDS =
            Set.of(
                    "id",
                    "name",
                    "description",
                    "target_id",
                    "resource_type",
                    "resource_pattern",
                    "effect",
                    "priority",
                    "enabled",
                    "subjects",
                    "read_only");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private PolicyJson() {}

    /**
     * Parses and validates a policy; {@code defaultId} is used when the body has no {@code id}
     * (null: the id is required).
     *
     * @throws PolicyValidationException naming every invalid field
     */
    public static Policy parse(JsonNode node, String defaultId, boolean readOnly) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new PolicyValidationException(
                    List.of(new FieldError("(body)", "must be a JSON object")));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        String id = id(node, defaultId, errors);
        String target = text(node, "target_id", errors);
        ResourceType type =
                ResourceType.parse(orDefault(text(node, "resource_type", errors), "all"))
                        .orElse(null);
        if (type == null) {
            errors.add(
                    new FieldError("resource_type", "must be one of all, tool, resource, prompt"));
        }
        String pattern = orDefault(text(node, "resource_pattern", errors), "");
        checkPattern(pattern, errors);
        String effectText = text(node, "effect", errors);
        Effect effect = effectText == null ? null : Effect.parse(effectText).orElse(null);
        if (effect == null) {
            errors.add(new FieldError("effect", "is required: allow or deny"));
        }
        Policy policy =
                new Policy(
                        id,
                        text(node, "name", errors),
                        text(node, "description", errors),
                        target == null || target.isEmpty() ? null : target,
                        type,
                        pattern,
                        effect,
                        priority(node, errors),
                        enabled(node, errors),
                        subjects(node.get("subjects"), errors),
                        readOnly);
        if (!errors.isEmpty()) {
            throw new PolicyValidationException(errors);
        }
        return policy;
    }

    /** The wire form of {@code policy}, with {@code read_only}. */
    public static ObjectNode write(Policy policy) {
        ObjectNode out = Json.object();
        out.put("id", policy.id());
        out.put("name", policy.name());
        out.put("description", policy.description());
        if (policy.targetId() != null) {
            out.put("target_id", policy.targetId());
        }
        out.put("resource_type", policy.resourceType().wire());
        out.put("resource_pattern", policy.resourcePattern());
        out.put("effect", policy.effect().wire());
        out.put("priority", policy.priority());
        out.put("enabled", policy.enabled());
        ArrayNode subjects = out.putArray("subjects");
        for (PolicySubject s : policy.subjects()) {
            ObjectNode subject = subjects.addObject().put("subject_type", s.type().wire());
            if (s.type() != PolicySubject.Type.EVERYONE) {
                subject.put("subject_value", s.value());
            }
        }
        out.put("read_only", policy.readOnly());
        return out;
    }

    private static String id(JsonNode node, String defaultId, List<FieldError> errors) {
        String id = text(node, "id", errors);
        if (id == null) {
            id = defaultId;
        }
        if (id == null) {
            errors.add(new FieldError("id", "is required"));
        } else if (!ID.matcher(id).matches()) {
            errors.add(
                    new FieldError(
                            "id",
                            "'"
                                    + id
                                    + "' must be 1-128 letters, digits, '.', '_' or '-', starting"
                                    + " with a letter or digit"));
        }
        return id;
    }

    private static void checkPattern(String pattern, List<FieldError> errors) {
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            errors.add(
                    new FieldError(
                            "resource_pattern",
                            "is "
                                    + pattern.length()
                                    + " characters; at most "
                                    + MAX_PATTERN_LENGTH
                                    + " are allowed"));
            return;
        }
        try {
            com.google.re2j.Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            // RE2 has no backreferences or lookaround: that is what keeps matching linear.
            errors.add(
                    new FieldError(
                            "resource_pattern",
                            "is not a valid RE2 regular expression: " + e.getDescription()));
        }
    }

    private static int priority(JsonNode node, List<FieldError> errors) {
        JsonNode value = node.get("priority");
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new FieldError("priority", "must be an integer"));
            return 0;
        }
        return value.intValue();
    }

    private static boolean enabled(JsonNode node, List<FieldError> errors) {
        JsonNode value = node.get("enabled");
        if (value == null || value.isNull()) {
            return true;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError("enabled", "must be true or false"));
            return true;
        }
        return value.booleanValue();
    }

    private static List<PolicySubject> subjects(JsonNode node, List<FieldError> errors) {
        List<PolicySubject> subjects = new ArrayList<>();
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            errors.add(
                    new FieldError(
                            "subjects",
                            "must name at least one subject (subject_type everyone for all)"));
            return subjects;
        }
        if (!node.isArray() || node.size() > MAX_SUBJECTS) {
            errors.add(
                    new FieldError("subjects", "must be a list of at most " + MAX_SUBJECTS + ""));
            return subjects;
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "subjects[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(field, "must be an object"));
                continue;
            }
            Iterator<String> names = item.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!name.equals("subject_type") && !name.equals("subject_value")) {
                    errors.add(new FieldError(field + "." + name, "unknown field"));
                }
            }
            String typeText = text(item, "subject_type", errors, field + ".subject_type");
            PolicySubject.Type type =
                    typeText == null ? null : PolicySubject.Type.parse(typeText).orElse(null);
            String value = text(item, "subject_value", errors, field + ".subject_value");
            if (type == null) {
                errors.add(
                        new FieldError(
                                field + ".subject_type", "must be user, role, group or everyone"));
            } else if (type != PolicySubject.Type.EVERYONE && (value == null || value.isEmpty())) {
                errors.add(
                        new FieldError(field + ".subject_value", "is required for " + type.wire()));
            } else {
                subjects.add(new PolicySubject(type, value));
            }
        }
        return subjects;
    }

    private static String text(JsonNode node, String name, List<FieldError> errors) {
        return text(node, name, errors, name);
    }

    private static String text(JsonNode node, String name, List<FieldError> errors, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
