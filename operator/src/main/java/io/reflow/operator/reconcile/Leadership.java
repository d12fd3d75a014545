package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.reflow.operator.OperatorConfig;
import io.reflow.operator.observe.OperatorLog;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Leader election on a coordination.k8s.io Lease: runs {@code onStart} while this replica leads and
 * {@code onStop} when it stops leading, then competes again. Closing releases the Lease so a
 * standby takes over at once.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leadership.class.getName());

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final Runnable onStart;
    private final Runnable onStop;
    private volatile boolean leading;
    private volatile boolean closed;
    private CompletableFuture<?> election;

    /** Leadership for {@code config}'s Lease and identity. */
    public Leadership(
            KubernetesClient client, OperatorConfig config, Runnable onStart, Runnable onStop) {
        this.client = client;
        this.config = config;
        this.onStart = onStart;
        this.onStop = onStop;
    }

    /** Starts competing for the Lease; returns at once. */
    public synchronized void start() {
        if (closed) {
            return;
        }
        LeaderElectionConfig election =
                new LeaderElectionConfigBuilder()
                        .withName(config.leaseName())
                        .withLock(
                                new LeaseLock(
                                        config.leaseNamespace(),
                                        config.leaseName(),
                                        config.identity()))
                        .withLeaseDuration(config.leaseDuration())
                        .withRenewDeadline(config.renewDeadline())
                        .withRetryPeriod(config.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(
                                new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                        .build();
        this.election = client.leaderElector().withConfig(election).build().start();
        this.election.whenComplete((ignored, error) -> restart());
    }

    /** Whether this replica holds the Lease. */
    public boolean isLeading() {
        return leading;
    }

    /** Stops competing and releases the Lease when this replica holds it. */
    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            closed = true;
            current = election;
        }
        if (current != null) {
            current.cancel(true);
        }
        stopped();
    }

    private void restart() {
        if (!closed) {
            OperatorLog.info(
                    LOG,
                    "competing for lease " + lease() + " again",
                    "identity",
                    config.identity());
            start();
        }
    }

    private void started() {
        if (leading) {
            return;
        }
        leading = true;
        OperatorLog.info(
                LOG,
                config.identity() + " leads (lease " + lease() + ")",
                "identity",
                config.identity());
        onStart.run();
    }

    private void stopped() {
        if (!leading) {
            return;
        }
        leading = false;
        OperatorLog.info(
                LOG,
                config.identity() + " stopped leading (lease " + lease() + ")",
                "identity",
                config.identity());
        onStop.run();
    }

    private void newLeader(String identity) {
        OperatorLog.info(
                LOG,
                "lease " + lease() + " is held by " + identity,
                "identity",
                config.identity(),
                "leader",
                String.valueOf(identity));
    }

    private String lease() {
        return config.leaseNamespace() + "/" + config.leaseName();
    }
}
