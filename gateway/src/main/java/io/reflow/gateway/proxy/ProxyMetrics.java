package io.reflow.gateway.proxy;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of the proxy: requests and their latency by target, method and status,
 * upstream errors by kind, and sessions active on this replica (used within the session timeout).
 */
final class ProxyMetrics {

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final ConcurrentHashMap<String, Long> sessionsSeen = new ConcurrentHashMap<>();
    private final long sessionTimeoutMillis;

    ProxyMetrics(Duration sessionTimeout) {
        this.sessionTimeoutMillis = sessionTimeout.toMillis();
        registry.getOrCreate(
                Gauge.builder("reflow_mcp_sessions_active", this::activeSessions)
                        .description(
                                "MCP sessions used on this replica within the session timeout"));
    }

    void request(String target, String method, int status, long startNanos) {
        List<Tag> tags =
                List.of(
                        Tag.create("target", target),
                        Tag.create("method", method),
                        Tag.create("status", Integer.toString(status)));
        registry.getOrCreate(Counter.builder("reflow_mcp_requests").tags(tags)).increment();
        registry.getOrCreate(
                        Timer.builder("reflow_mcp_request_duration")
                                .tags(tags.subList(0, 2))
                                .publishPercentileHistogram(true))
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void upstreamError(String target, String kind) {
        registry.getOrCreate(
                        Counter.builder("reflow_mcp_upstream_errors")
                                .tags(
                                        List.of(
                                                Tag.create("target", target),
                                                Tag.create("kind", kind))))
                .increment();
    }

    void sessionUsed(String sessionId) {
        sessionsSeen.put(sessionId, System.currentTimeMillis());
    }

    void sessionEnded(String sessionId) {
        sessionsSeen.remove(sessionId);
    }

    private int activeSessions() {
        long oldest = System.currentTimeMillis() - sessionTimeoutMillis;
        sessionsSeen.values().removeIf(seen -> seen < oldest);
        return sessionsSeen.size();
    }
}
