package io.reflow.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;

/** The {@code tracing} block of the config file, with the standard OpenTelemetry variables. */
final class TracingConfigParser {

    private TracingConfigParser() {}

    /**
     * Tracing is on when {@code otlp_endpoint} (or else {@code OTEL_EXPORTER_OTLP_ENDPOINT}) is
     * set; {@code service_name} falls back to {@code OTEL_SERVICE_NAME}, then reflow-gateway.
     */
    static TracingConfig tracing(ConfigNode node, Map<String, String> env) {
        node.onlyKeys(Set.of("otlp_endpoint", "service_name", "sample_ratio"));
        String fromEnv = env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").trim();
        String endpoint = node.string("otlp_endpoint", "").trim();
        String key = node.key("otlp_endpoint");
        if (endpoint.isEmpty() && !fromEnv.isEmpty()) {
            endpoint = fromEnv;
            key = "OTEL_EXPORTER_OTLP_ENDPOINT";
        }
        if (!endpoint.isEmpty()) {
            checkUrl(endpoint, key);
        }
        String service = node.string("service_name", "").trim();
        if (service.isEmpty()) {
            service = env.getOrDefault("OTEL_SERVICE_NAME", "").trim();
        }
        return new TracingConfig(
                endpoint,
                service.isEmpty() ? TracingConfig.OFF.serviceName() : service,
                ratio(node, "sample_ratio"));
    }

    private static void checkUrl(String url, String key) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // Reported below, without the value: it may carry credentials.
        }
        throw new ConfigException(
                key
                        + ": must be an http(s) URL of an OTLP/HTTP collector, such as"
                        + " http://otel-collector:4318");
    }

    private static double ratio(ConfigNode node, String name) {
        String text = node.string(name, "").trim();
        if (text.isEmpty()) {
            return TracingConfig.OFF.sampleRatio();
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(node.key(name) + ": '" + text + "' is not a number");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new ConfigException(node.key(name) + ": " + text + " is outside 0..1");
        }
        return value;
    }
}
