package io.reflow.gateway.logging;

import io.reflow.gateway.config.ConfigException;
import java.util.Map;

/** How log records are written: {@code REFLOW_LOG_FORMAT=text} (the default) or {@code json}. */
public enum LogFormat {
    /** The JDK's two-line text records. */
    TEXT,
    /** One JSON object per line ({@link JsonLogFormatter}). */
    JSON;

    /** The environment variable that chooses the format. */
    public static final String VARIABLE = "REFLOW_LOG_FORMAT";

    /**
     * The format {@code env} asks for.
     *
     * @throws ConfigException naming the variable when its value is neither json nor text
     */
    public static LogFormat fromEnvironment(Map<String, String> env) {
        String text = env.getOrDefault(VARIABLE, "").trim();
        return switch (text) {
            case "", "text" -> TEXT;
            case "json" -> JSON;
            default ->
                    throw new ConfigException(
                            VARIABLE + ": '" + abbreviated(text) + "' is not json or text");
        };
    }

    private static String abbreviated(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
