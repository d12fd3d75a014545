package io.reflow.gateway.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.config.Urls;
import io.reflow.gateway.json.Json;
import io.reflow.mcp.api.AuthType;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.Statefulness;
import io.reflow.mcp.api.TransportType;
import io.reflow.mcp.api.WireNamed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes targets in their wire form (snake_case JSON, also used for static targets in
 * YAML), validating every field and reporting all invalid ones at once.
 */
public final class TargetJson {

    /** Fields a target may have on the wire. */
    public static final Set<String> FIELDS =
            Set.of(
                    "name",
                    "transport_type",
                    "url",
                    "image",
                    "port",
                    "health_path",
                    "mcp_path",
                    "command",
                    "args",
                    "statefulness",
                    "isolation_boundary",
                    "auth_type",
                    "auth_header_name",
                    "resources",
                    "read_only",
                    "working_dir",
                    "tool_prefix");

    private TargetJson() {}

    /**
     * Parses and validates a target.
     *
     * @throws TargetValidationException naming every invalid field
     */
    public static Target parse(JsonNode node, boolean readOnly) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("(body)", "must be a JSON object"));
            throw new TargetValidationException(errors);
        }
        FieldReader in = new FieldReader(node, errors);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        String name = in.text("name");
        TransportType transport =
                in.enumValue(
                        "transport_type",
                        TransportType.values(),
                        "streamable-http, kubernetes, stdio, sse");
        Target target =
                new Target(
                        name,
                        transport,
                        in.text("url"),
                        in.text("image"),
                        in.integer("port"),
                        in.text("health_path"),
                        in.text("mcp_path"),
                        in.command("command"),
                        in.strings("args"),
                        in.enumValue("statefulness", Statefulness.values()),
                        in.enumValue("isolation_boundary", IsolationBoundary.values()),
                        in.enumValue("auth_type", AuthType.values()),
                        in.text("auth_header_name"),
                        in.resources("resources"),
                        readOnly,
                        in.text("working_dir"),
                        in.text("tool_prefix"));
        TargetRules.check(target, node, errors);
        if (!errors.isEmpty()) {
            throw new TargetValidationException(errors);
        }
        return target;
    }

    /**
     * The wire form of a target for a user who is not an admin: the URL without user info and
     * query, where credentials hide.
     */
    public static ObjectNode writePublic(Target target) {
        ObjectNode out = write(target);
        if (target.url() != null) {
            out.put("url", Urls.redacted(target.url()));
        }
        return out;
    }

    /** The wire form of a target. */
    public static ObjectNode write(Target target) {
        ObjectNode out = Json.object();
        out.put("name", target.name());
        putWire(out, "transport_type", target.transportType());
        putText(out, "url", target.url());
        putText(out, "image", target.image());
        if (target.port() != null) {
            out.put("port", target.port());
        }
        putText(out, "health_path", target.healthPath());
        putText(out, "mcp_path", target.mcpPath());
        putList(out, "command", target.command());
        putList(out, "args", target.args());
        putWire(out, "statefulness", target.statefulness());
        putWire(out, "isolation_boundary", target.isolationBoundary());
        putWire(out, "auth_type", target.authType());
        putText(out, "auth_header_name", target.authHeaderName());
        if (target.resources() != null) {
            ObjectNode resources = out.putObject("resources");
            putMap(resources.putObject("requests"), target.resources().requests());
            putMap(resources.putObject("limits"), target.resources().limits());
        }
        out.put("read_only", target.readOnly());
        putText(out, "working_dir", target.workingDir());
        putText(out, "tool_prefix", target.toolPrefix());
        return out;
    }

    private static void putMap(ObjectNode out, Map<String, String> values) {
        values.forEach(out::put);
    }

    private static void putText(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static void putWire(ObjectNode out, String field, WireNamed value) {
        if (value != null) {
            out.put(field, value.wireName());
        }
    }

    private static void putList(ObjectNode out, String field, List<String> values) {
        if (values != null) {
            ArrayNode array = out.putArray(field);
            values.forEach(array::add);
        }
    }

    /** Typed field access that records a field error instead of throwing. */
    private record FieldReader(JsonNode node, List<FieldError> errors) {

        String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                errors.add(new FieldError(field, "must be a string"));
                return null;
            }
            return value.asText();
        }

        Integer integer(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual() && value.asText().matches("[0-9]{1,9}")) {
                return Integer.parseInt(value.asText());
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                errors.add(new FieldError(field, "must be an integer"));
                return null;
            }
            return value.asInt();
        }

        <E extends Enum<E> & WireNamed> E enumValue(String field, E[] values) {
            return enumValue(field, values, WireNamed.acceptedValues(values));
        }

        <E extends Enum<E> & WireNamed> E enumValue(String field, E[] values, String offered) {
            String text = text(field);
            if (text == null) {
                return null;
            }
            try {
                return WireNamed.parse(values, text);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, "'" + text + "' is not one of " + offered));
                return null;
            }
        }

        /** A list of strings, or one string as Reflow writes a command: a list of one. */
        List<String> command(String field) {
            JsonNode value = node.get(field);
            return value != null && value.isTextual() ? List.of(value.asText()) : strings(field);
        }

        List<String> strings(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        out.add(item.asText());
                        continue;
                    }
                    errors.add(new FieldError(field, "must be a list of strings"));
                    return null;
                }
                return out;
            }
            errors.add(new FieldError(field, "must be a list of strings"));
            return null;
        }

        Resources resources(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                errors.add(new FieldError(field, "must be an object with requests and limits"));
                return null;
            }
            return new Resources(
                    quantities(value, field, "requests"), quantities(value, field, "limits"));
        }

        private Map<String, String> quantities(JsonNode parent, String field, String part) {
            JsonNode value = parent.get(part);
            Map<String, String> out = new LinkedHashMap<>();
            if (value == null || value.isNull()) {
                return out;
            }
            String name = field + "." + part;
            if (!value.isObject()) {
                errors.add(new FieldError(name, "must be an object of quantities"));
                return out;
            }
            value.properties()
                    .forEach(
                            entry -> {
                                String quantity = entry.getValue().asText();
                                if (!entry.getValue().isValueNode()
                                        || !TargetRules.isQuantity(quantity)) {
                                    errors.add(
                                            new FieldError(
                                                    name + "." + entry.getKey(),
                                                    "'"
                                                            + quantity
                                                            + "' is not a quantity such as 100m"
                                                            + " or 128Mi"));
                                } else {
                                    out.put(entry.getKey(), quantity);
                                }
                            });
            return out;
        }
    }
}
