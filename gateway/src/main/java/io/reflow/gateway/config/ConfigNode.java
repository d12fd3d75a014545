package io.reflow.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.reflow.mcp.api.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A YAML mapping being read, with its dotted path for error messages and env expansion. */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final Map<String, String> env;

    ConfigNode(JsonNode node, String path, Map<String, String> env) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.env = env;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            throw new ConfigException(label() + ": must be a mapping");
        }
    }

    JsonNode raw() {
        return node;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private String label() {
        return path.isEmpty() ? "(root)" : path;
    }

    /** Fails naming the first key that is not one of {@code known}. */
    void onlyKeys(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(
                        key(name) + ": unknown key (known keys: " + String.join(", ", known) + ")");
            }
        }
    }

    ConfigNode child(String name) {
        return new ConfigNode(node.get(name), key(name), env);
    }

    String string(String name, String fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(key(name) + ": must be a single value");
        }
        return EnvExpander.expand(value.asText(), env);
    }

    int integer(String name, int fallback, int min, int max) {
        String text = string(name, null);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name) + ": '" + text + "' is not an integer");
        }
        if (value < min || value > max) {
            throw new ConfigException(key(name) + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    boolean bool(String name, boolean fallback) {
        String text = string(name, null);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new ConfigException(key(name) + ": '" + text + "' is not true or false");
        };
    }

    Duration duration(String name, Duration fallback) {
        String text = string(name, null);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Durations.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(name) + ": " + e.getMessage());
        }
    }

    List<String> strings(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigException(key(name) + ": must be a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode()) {
                throw new ConfigException(key(name) + "[" + i + "]: must be a single value");
            }
            out.add(EnvExpander.expand(item.asText(), env));
        }
        return out;
    }
}
