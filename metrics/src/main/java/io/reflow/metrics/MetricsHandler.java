package io.reflow.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /observe/metrics}: the registry in the Prometheus text format, no authentication. */
public final class MetricsHandler implements Handler {

    private final MetricRegistry registry;

    /** Serves {@code registry}. */
    public MetricsHandler(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, MetricRegistry.CONTENT_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(registry.scrape());
    }
}
