package io.reflow.gateway.config;

/**
 * The {@code tracing} block: where spans go, if anywhere.
 *
 * @param otlpEndpoint base URL of the OTLP/HTTP collector ({@code /v1/traces} is added), or empty
 *     when tracing is off
 * @param serviceName the {@code service.name} of every span
 * @param sampleRatio the share of traces started here that are recorded, 0 to 1 (a sampled parent
 *     is followed)
 */
public record TracingConfig(String otlpEndpoint, String serviceName, double sampleRatio) {

    /** Tracing off. */
    public static final TracingConfig OFF = new TracingConfig("", "reflow-gateway", 1.0);

    /** Whether spans are recorded and exported. */
    public boolean enabled() {
        return !otlpEndpoint.isEmpty();
    }

    /** The URL spans are posted to. */
    public String tracesUrl() {
        String base =
                otlpEndpoint.endsWith("/")
                        ? otlpEndpoint.substring(0, otlpEndpoint.length() - 1)
                        : otlpEndpoint;
        return base + "/v1/traces";
    }

    @Override
    public String toString() {
        return "TracingConfig[otlpEndpoint="
                + (enabled() ? Urls.redacted(otlpEndpoint) : "(off)")
                + ", serviceName="
                + serviceName
                + ", sampleRatio="
                + sampleRatio
                + "]";
    }
}
