package io.reflow.gateway.logging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target and instance a thread is working for, added to every log line it writes: {@code
 * target} and {@code instance} fields in JSON lines, a {@code target=... instance=...} suffix in
 * text. The proxy opens a scope around each MCP request; code that learns the instance (the
 * kubernetes transport) adds it. Handlers format on the logging thread, so the formatter reads the
 * context of the thread that logged.
 *
 * <p>A {@code ThreadLocal}, not a {@code ScopedValue} (a preview API on Java 21): one virtual
 * thread serves a keep-alive connection's requests one after another, so every scope restores what
 * was there before when it closes.
 */
public final class LogContext {

    /** Longest value kept; names are DNS labels (63), so only made-up path segments are cut. */
    static final int MAX_VALUE = 80;

    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private LogContext() {}

    /** Restores the context a scope replaced. */
    public static final class Scope implements AutoCloseable {
        private final Map<String, String> previous;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Opens a scope for {@code target} (no instance yet) until the scope is closed. */
    public static Scope target(String target) {
        Map<String, String> previous = CURRENT.get();
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "target", target);
        CURRENT.set(fields);
        return new Scope(previous);
    }

    /**
     * Opens a scope for work outside a request (background tasks, admin actions) on {@code target}
     * and {@code instance}; either may be null.
     */
    public static Scope of(String target, String instance) {
        Map<String, String> previous = CURRENT.get();
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "target", target);
        put(fields, "instance", instance);
        CURRENT.set(fields);
        return new Scope(previous);
    }

    /**
     * Runs {@code work}, a log statement say, with {@code target} and {@code instance} in context.
     */
    @SuppressWarnings("try") // the scope is only opened and closed
    public static void with(String target, String instance, Runnable work) {
        try (Scope scope = of(target, instance)) {
            work.run();
        }
    }

    /** Names the instance serving the current scope's target; outside a scope it does nothing. */
    public static void instance(String instance) {
        Map<String, String> fields = CURRENT.get();
        if (fields != null) {
            put(fields, "instance", instance);
        }
    }

    /** The calling thread's fields ({@code target}, {@code instance}), empty outside a scope. */
    public static Map<String, String> current() {
        Map<String, String> fields = CURRENT.get();
        return fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** {@code fields} as the text suffix {@code " target=a instance=b"}, or "" when empty. */
    static String suffix(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        // Fixed order, whatever the map's: target before instance.
        for (String name : new String[] {"target", "instance"}) {
            String value = fields.get(name);
            if (value != null) {
                out.append(' ').append(name).append('=').append(value);
            }
        }
        return out.toString();
    }

    /**
     * Keeps a value without control characters or spaces, bounded: a target name comes from the
     * request path and must not be able to forge a log line or a field.
     */
    private static void put(Map<String, String> fields, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        StringBuilder clean = new StringBuilder(Math.min(value.length(), MAX_VALUE));
        for (int i = 0; i < value.length() && clean.length() < MAX_VALUE; i++) {
            char c = value.charAt(i);
            clean.append(c <= ' ' || c == 0x7f ? '?' : c);
        }
        fields.put(name, clean.toString());
    }
}
