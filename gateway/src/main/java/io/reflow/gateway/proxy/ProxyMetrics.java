package io.reflow.gateway.proxy;

import io.reflow.metrics.Counter;
import io.reflow.metrics.Histogram;
import io.reflow.metrics.MetricRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics of the proxy: requests and their latency by target, method and status,
 * upstream errors by kind, and sessions active on this replica (used within the session timeout).
 */
final class ProxyMetrics {

    /**
     * Latency buckets in seconds: milliseconds for JSON answers up to the minutes a tool call or an
     * SSE stream may take (the read timeout defaults to 5 minutes).
     */
    static final double[] LATENCY_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300
    };

    private final Counter requests;
    private final Histogram durations;
    private final Counter upstreamErrors;
    private final ConcurrentHashMap<String, Long> sessionsSeen = new ConcurrentHashMap<>();
    // Meters looked up once per label set; label values are bounded (configured targets, known
    // methods, HTTP statuses).
    private final ConcurrentHashMap<RequestLabels, LongAdder> requestCounters =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestLabels, Histogram.Child> requestTimers =
            new ConcurrentHashMap<>();
    private final long sessionTimeoutMillis;

    ProxyMetrics(Duration sessionTimeout, IntSupplier openStreams) {
        this(sessionTimeout, openStreams, MetricRegistry.process());
    }

    ProxyMetrics(Duration sessionTimeout, IntSupplier openStreams, MetricRegistry registry) {
        this.sessionTimeoutMillis = sessionTimeout.toMillis();
        this.requests =
                registry.counter(
                        "reflow_mcp_requests_total",
                        "MCP requests by target, MCP method and HTTP status",
                        "target",
                        "method",
                        "status");
        this.durations =
                registry.histogram(
                        "reflow_mcp_request_duration_seconds",
                        "MCP request latency by target and MCP method, until the answer ends",
                        LATENCY_BUCKETS,
                        "target",
                        "method");
        this.upstreamErrors =
                registry.counter(
                        "reflow_mcp_upstream_errors_total",
                        "Upstream failures by target and kind (connect, timeout, io, stream)",
                        "target",
                        "kind");
        registry.gauge(
                "reflow_mcp_sessions_active",
                "MCP sessions used on this replica within the session timeout",
                this::activeSessions);
        registry.gauge(
                "reflow_mcp_streams_open",
                "Response bodies being relayed from upstreams to clients now",
                openStreams::getAsInt);
    }

    void request(String target, String method, int status, long startNanos) {
        requestCounters
                .computeIfAbsent(
                        new RequestLabels(target, method, status),
                        l -> requests.labels(l.target(), l.method(), Integer.toString(l.status())))
                .increment();
        requestTimers
                .computeIfAbsent(
                        new RequestLabels(target, method, 0),
                        l -> durations.labels(l.target(), l.method()))
                .observeNanos(System.nanoTime() - startNanos);
    }

    void upstreamError(String target, String kind) {
        upstreamErrors.labels(target, kind).increment();
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
