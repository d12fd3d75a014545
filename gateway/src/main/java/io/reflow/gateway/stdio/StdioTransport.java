package io.reflow.gateway.stdio;

import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.config.StdioConfig;
import io.reflow.gateway.instances.InstanceSource;
import io.reflow.gateway.proxy.LocalTransport;
import io.reflow.gateway.proxy.SessionTokens;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.target.TargetLifecycle;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The stdio transport of one gateway: its processes, the collector that stops idle and expired ones
 * every {@code stdio.gc_interval}, and the Streamable HTTP front for them.
 */
public final class StdioTransport implements AutoCloseable {

    private final ProcessPool pool;
    private final StdioFront front;
    private final ScheduledExecutorService collector;

    private StdioTransport(ProcessPool pool, StdioFront front, ScheduledExecutorService collector) {
        this.pool = pool;
        this.front = front;
        this.collector = collector;
    }

    /**
     * Starts the transport and its collector.
     *
     * @param config the {@code stdio} block
     * @param server the {@code server} block (read timeout and keep-alive of streams)
     * @param catalog where env configs are read
     * @param sessions seals the session ids
     * @param gatewayEnvironment the gateway's own environment; only an allow-list reaches processes
     * @param clock measures idleness and lifetime
     */
    public static StdioTransport start(
            StdioConfig config,
            GatewayConfig.Server server,
            TargetCatalog catalog,
            SessionTokens sessions,
            Map<String, String> gatewayEnvironment,
            Clock clock) {
        ProcessPool pool = new ProcessPool(config, clock);
        StdioFront front =
                new StdioFront(
                        pool,
                        new ProcessStarter(
                                pool,
                                catalog,
                                gatewayEnvironment,
                                HttpClient.newBuilder()
                                        .connectTimeout(server.connectTimeout())
                                        .build(),
                                server.readTimeout()),
                        sessions,
                        new StreamWriter(server.readTimeout(), server.streamKeepAliveInterval()));
        ScheduledExecutorService collector =
                Executors.newSingleThreadScheduledExecutor(
                        r -> Thread.ofPlatform().daemon().name("stdio-collector").unstarted(r));
        long every = config.gcInterval().toMillis();
        collector.scheduleWithFixedDelay(pool::collect, every, every, TimeUnit.MILLISECONDS);
        return new StdioTransport(pool, front, collector);
    }

    /** The front that serves {@code /mcp/{target}} for stdio targets. */
    public LocalTransport front() {
        return front;
    }

    /** The running processes as instances, for the instances API. */
    public InstanceSource instances() {
        return new StdioInstances(pool);
    }

    /** How many processes run now. */
    public int processCount() {
        return pool.size();
    }

    /** Restarts and stops of processes when targets or their env configs change. */
    public TargetLifecycle lifecycle() {
        return new TargetLifecycle() {
            @Override
            public int restartInstances(Target target) {
                return pool.stopTarget(target.name(), "restart-instances was called");
            }

            @Override
            public void targetUpdated(Target before, Target after) {
                pool.stopTarget(before.name(), "the target was updated");
            }

            @Override
            public void targetDeleted(Target target) {
                pool.stopTarget(target.name(), "the target was deleted");
            }

            @Override
            public void envChanged(Target target, EnvScope scope) {
                // Which processes an env scope reaches depends on identities the pool does not
                // keep: all of the target's processes restart with fresh credentials.
                pool.stopTarget(target.name(), "its env configs changed");
            }
        };
    }

    /** Stops the collector and every process. */
    @Override
    public void close() {
        collector.shutdownNow();
        pool.close();
    }
}
