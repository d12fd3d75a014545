package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.reflow.gateway.logging.LogContext;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records that an instance is in use by patching its {@code mcp.reflow.io/last-activity} annotation
 * (a JSON merge patch on metadata, never status), at most once per heartbeat interval per instance
 * and off the request's thread. The operator derives idleness from it.
 */
final class ActivityRecorder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ActivityRecorder.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final long intervalNanos;
    private final Clock clock;
    private final LongSupplier ticker;
    private final Map<String, Long> lastRecorded = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * A recorder that writes {@code clock}'s time and measures the interval with {@code ticker}
     * (monotonic nanoseconds, as {@link System#nanoTime()}), so a wall-clock step neither stops nor
     * floods the heartbeats.
     */
    ActivityRecorder(
            KubernetesClient client,
            String namespace,
            Duration interval,
            Clock clock,
            LongSupplier ticker) {
        this.client = client;
        this.namespace = namespace;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.ticker = ticker;
    }

    /** Notes activity on an instance; patches it unless that was done within the interval. */
    void touch(String instanceName) {
        long now = ticker.getAsLong();
        Long previous = lastRecorded.get(instanceName);
        if (previous != null && now - previous < intervalNanos) {
            return;
        }
        boolean won =
                previous == null
                        ? lastRecorded.putIfAbsent(instanceName, now) == null
                        : lastRecorded.replace(instanceName, previous, now);
        if (won) {
            executor.execute(() -> patch(instanceName));
        }
    }

    /** Notes that activity was just recorded some other way (the instance was just created). */
    void recorded(String instanceName) {
        lastRecorded.put(instanceName, ticker.getAsLong());
    }

    /** Forgets an instance that was deleted. */
    void forget(String instanceName) {
        lastRecorded.remove(instanceName);
    }

    private void patch(String instanceName) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.resources(MCPInstance.class)
                    .inNamespace(namespace)
                    .withName(instanceName)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\""
                                    + McpResources.ANNOTATION_LAST_ACTIVITY
                                    + "\":\""
                                    + now
                                    + "\"}}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                forget(instanceName);
                return;
            }
            // Try again with the next request rather than waiting a whole interval.
            lastRecorded.remove(instanceName);
            LogContext.with(
                    null,
                    instanceName,
                    () ->
                            LOG.log(
                                    Level.WARNING,
                                    "instance {0}: cannot record activity: HTTP {1}",
                                    new Object[] {instanceName, e.getCode()}));
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
