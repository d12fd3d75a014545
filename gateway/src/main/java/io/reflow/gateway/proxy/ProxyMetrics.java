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
    // Meters looked up once per label set instead of built and registered on every request; label
    // values are bounded (configured targets, known methods, HTTP statuses).
    private final ConcurrentHashMap<RequestLabels, Counter> requestCounters =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestLabels, Timer> requestTimers = new ConcurrentHashMap<>();
    private final long sessionTimeoutMillis;

    ProxyMetrics(Duration sessionTimeout) {
        this.sessionTimeoutMillis = sessionTimeout.toMillis();
        registry.getOrCreate(
                Gauge.builder("reflow_mcp_sessions_active", this::activeSessions)
                        .description(
                                "MCP sessions used on this replica within the session timeout"));
    }

    void request(String target, String method, int status, long startNanos) {
        requestCounters
                .computeIfAbsent(new RequestLabels(target, method, status), this::requestCounter)
                .increment();
        requestTimers
                .computeIfAbsent(new RequestLabels(target, method, 0), this::requestTimer)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private Counter requestCounter(RequestLabels labels) {
        return registry.getOrCreate(
                Counter.builder("reflow_mcp_requests")
                        .tags(
                                List.of(
                                        Tag.create("target", labels.target()),
                                        Tag.create("method", labels.method()),
                                        Tag.create("status", Integer.toString(labels.status())))));
    }

    private Timer requestTimer(RequestLabels labels) {
        return registry.getOrCreate(
                Timer.builder("reflow_mcp_request_duration")
                        .tags(
                                List.of(
                                        Tag.create("target", labels.target()),
                                        Tag.create("method", labels.method())))
                        .publishPercentileHistogram(true));
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

    /** Labels of one request meter; status 0 for the timer, which has no status label. */
    private record RequestLabels(String target, String method, int status) {}
}
