package io.reflow.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.operator.observe.OperatorLog;
import io.reflow.operator.observe.OperatorMetrics;
import io.reflow.operator.observe.ReconcileTracing;
import io.reflow.operator.queue.Backoff;
import io.reflow.operator.queue.WorkQueue;
import io.reflow.operator.reconcile.ClusterCache;
import io.reflow.operator.reconcile.EventRecorder;
import io.reflow.operator.reconcile.Leadership;
import io.reflow.operator.reconcile.Reconciler;
import io.reflow.operator.reconcile.Workers;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running operator: informers on one namespace, a de-duplicating work queue and reconcile workers
 * on virtual threads, optionally behind leader election. Runs inside any JVM; {@link Main} adds the
 * health and metrics server.
 */
public final class Operator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Operator.class.getName());

    private final OperatorConfig config;
    private final ClusterCache cache;
    private final WorkQueue queue;
    private final Workers workers;
    private final Leadership leadership;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final OperatorMetrics.Source source;
    private final ReconcileTracing tracing;
    private volatile boolean synced;
    private volatile boolean closed;

    private Operator(
            KubernetesClient client, OperatorConfig config, Clock clock, ReconcileTracing tracing) {
        this.config = config;
        this.tracing = tracing;
        this.metrics = OperatorMetrics.get();
        this.cache = new ClusterCache(client, config.namespace());
        this.queue = new WorkQueue(Backoff.DEFAULT);
        this.events = new EventRecorder(client, config.identity(), clock);
        Reconciler reconciler = new Reconciler(client, cache, config, clock, events, metrics);
        this.workers = new Workers(queue, reconciler, metrics, config.workers(), tracing);
        this.leadership =
                config.leaderElection()
                        ? new Leadership(client, config, this::lead, workers::stop)
                        : null;
        this.source =
                new OperatorMetrics.Source() {
                    @Override
                    public int queueDepth() {
                        return queue.depth();
                    }

                    @Override
                    public Map<InstancePhase, Integer> instancesByPhase() {
                        return cache.phases();
                    }
                };
    }

    /**
     * Starts informers on {@code config.namespace()} and, once they have synced (and this replica
     * leads, with leader election on), the reconcile workers. Returns at once.
     */
    public static Operator start(KubernetesClient client, OperatorConfig config) {
        return start(client, config, Clock.systemUTC());
    }

    /**
     * {@link #start(KubernetesClient, OperatorConfig)} with the clock that decides expiry and
     * stamps status and Events; timed requeues still wait for real time.
     */
    public static Operator start(KubernetesClient client, OperatorConfig config, Clock clock) {
        return start(client, config, clock, ReconcileTracing.start(config.tracing()));
    }

    /**
     * {@link #start(KubernetesClient, OperatorConfig, Clock)} with each reconcile a span of {@code
     * tracing}, which the operator closes when it stops.
     */
    public static Operator start(
            KubernetesClient client, OperatorConfig config, Clock clock, ReconcileTracing tracing) {
        Operator operator = new Operator(client, config, clock, tracing);
        operator.begin();
        return operator;
    }

    /** Whether the caches have synced and, with leader election on, this replica leads. */
    public boolean isReady() {
        return !closed && synced && (leadership == null || leadership.isLeading());
    }

    /** Whether this replica reconciles: it leads, or leader election is off. */
    public boolean isLeader() {
        return !closed && (leadership == null ? synced : leadership.isLeading());
    }

    /** Number of reconciles this operator has run. */
    public long reconcileCount() {
        return workers.reconciles();
    }

    /** The configuration this operator runs with. */
    public OperatorConfig config() {
        return config;
    }

    /** Stops reconciling, releases the Lease when holding it and stops the informers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (leadership != null) {
            leadership.close();
        }
        workers.stop();
        queue.close();
        events.close();
        cache.close();
        metrics.unregister(source);
        // After the workers: the spans of the last reconciles are flushed.
        tracing.close();
        OperatorLog.info(LOG, "operator stopped", "namespace", config.namespace());
    }

    private void begin() {
        OperatorLog.info(
                LOG, "operator starting: " + config.summary(), "namespace", config.namespace());
        metrics.register(source);
        cache.start(queue::add)
                .whenComplete(
                        (ignored, error) -> {
                            if (error != null && closed) {
                                return;
                            }
                            if (error != null) {
                                OperatorLog.log(
                                        LOG,
                                        Level.SEVERE,
                                        "informers failed to start: " + error.getMessage(),
                                        error,
                                        "namespace",
                                        config.namespace());
                                return;
                            }
                            Thread.ofVirtual().name("reflow-operator-start").start(this::synced);
                        });
    }

    private void synced() {
        if (closed) {
            return;
        }
        synced = true;
        OperatorLog.info(LOG, "caches synced", "namespace", config.namespace());
        if (leadership == null) {
            workers.start();
        } else {
            leadership.start();
        }
    }

    private void lead() {
        if (closed) {
            return;
        }
        cache.instanceKeys().forEach(queue::add);
        workers.start();
    }
}
