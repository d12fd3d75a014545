package io.reflow.gateway.proxy.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idle keep-alive connections per origin, newest first (the most recently used connection is the
 * least likely to have been closed by the server). A connection stays idle at most {@code maxIdle},
 * or less than the server's own {@code Keep-Alive: timeout}, and at most {@code maxIdlePerOrigin}
 * connections per origin are kept.
 */
final class UpstreamConnectionPool implements AutoCloseable {

    /** Kept away from the server's idle timeout, so the server is not closing as we send. */
    private static final Duration SERVER_TIMEOUT_MARGIN = Duration.ofSeconds(1);

    private final int maxIdlePerOrigin;
    private final Duration maxIdle;
    private final Map<Origin, Deque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A pool keeping up to {@code maxIdlePerOrigin} connections idle for {@code maxIdle}. */
    UpstreamConnectionPool(int maxIdlePerOrigin, Duration maxIdle) {
        this.maxIdlePerOrigin = maxIdlePerOrigin;
        this.maxIdle = maxIdle;
    }

    /** The newest idle connection to {@code origin} that is still alive, or null. */
    UpstreamConnection acquire(Origin origin) {
        Deque<UpstreamConnection> connections = idle.get(origin);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        while (true) {
            UpstreamConnection connection;
            synchronized (connections) {
                connection = connections.pollFirst();
            }
            if (connection == null) {
                return null;
            }
            if (!connection.idleExpired(now) && connection.alive()) {
                return connection;
            }
            connection.close();
        }
    }

    /**
     * Keeps {@code connection} for the next request to its origin, or closes it if the pool is full
     * or closed or the server's idle timeout ({@code serverTimeout}, may be null) is too short.
     */
    void release(UpstreamConnection connection, Duration serverTimeout) {
        Duration idleTime =
                serverTimeout == null
                        ? maxIdle
                        : min(maxIdle, serverTimeout.minus(SERVER_TIMEOUT_MARGIN));
        if (closed || idleTime.isNegative() || idleTime.isZero()) {
            connection.close();
            return;
        }
        long now = System.nanoTime();
        connection.idleUntil(now + idleTime.toNanos());
        Deque<UpstreamConnection> connections =
                idle.computeIfAbsent(connection.origin(), origin -> new ArrayDeque<>());
        List<UpstreamConnection> evicted = new ArrayList<>(0);
        synchronized (connections) {
            connections.addFirst(connection);
            // The oldest are at the end: drop those over the limit or past their idle time.
            while (connections.size() > maxIdlePerOrigin
                    || connections.peekLast().idleExpired(now)) {
                evicted.add(connections.pollLast());
            }
        }
        evicted.forEach(UpstreamConnection::close);
        if (closed) {
            close();
        }
    }

    /** Closes every idle connection; connections released later are closed at once. */
    @Override
    public void close() {
        closed = true;
        for (Deque<UpstreamConnection> connections : idle.values()) {
            List<UpstreamConnection> all;
            synchronized (connections) {
                all = new ArrayList<>(connections);
                connections.clear();
            }
            all.forEach(UpstreamConnection::close);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
