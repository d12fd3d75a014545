package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.reflow.mcp.api.McpResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes gateway-managed instance Secrets whose MCPInstance does not exist, e.g. after a gateway
 * crashed between creating the Secret and the instance. A Secret younger than one minute is left
 * alone: its instance may be on its way.
 */
final class OrphanSecretSweeper implements AutoCloseable {

    /** Secrets younger than this are never swept. */
    static final Duration MIN_AGE = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(OrphanSecretSweeper.class.getName());

    private final InstanceCache instances;
    private final InstanceSecretStore secrets;
    private final Clock clock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("reflow-secret-sweeper").factory());

    OrphanSecretSweeper(InstanceCache instances, InstanceSecretStore secrets, Clock clock) {
        this.instances = instances;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Sweeps every {@code interval}. */
    void start(Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::sweepSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One sweep; returns how many Secrets it deleted. */
    int sweep() {
        if (!instances.hasSynced() || !secrets.hasSynced()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(MIN_AGE);
        int deleted = 0;
        for (Secret secret : secrets.list()) {
            String instance = secret.getMetadata().getLabels().get(McpResources.LABEL_INSTANCE);
            if (instance == null
                    || !secret.getMetadata().getName().equals(McpResources.secretName(instance))
                    || instances.get(instance) != null
                    || instances.isReserved(instance)
                    || !createdBefore(secret, cutoff)) {
                continue;
            }
            if (secrets.deleteQuietly(secret.getMetadata().getName())) {
                deleted++;
                LOG.info(() -> "instance " + instance + ": deleted its orphaned Secret");
            }
        }
        return deleted;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "orphaned Secret sweep failed: {0}", e.getMessage());
        }
    }

    private static boolean createdBefore(Secret secret, Instant cutoff) {
        String created = secret.getMetadata().getCreationTimestamp();
        return created != null && OffsetDateTime.parse(created).toInstant().isBefore(cutoff);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
