package io.reflow.operator.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.operator.model.InstanceStatus;
import io.reflow.operator.model.Owners;
import io.reflow.operator.observe.OperatorLog;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records Kubernetes Events about an MCPInstance (visible in {@code kubectl describe}). Events are
 * best effort and written in order on one background thread, so they never delay a reconcile.
 */
public final class EventRecorder implements AutoCloseable {

    /** The component name events are reported by. */
    public static final String COMPONENT = "reflow-operator";

    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;
    private final ExecutorService writer =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("reflow-events").factory());

    /** A recorder reporting as {@code identity}. */
    public EventRecorder(KubernetesClient client, String identity, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.clock = clock;
    }

    /** Queues a Normal event; a failure to write it is logged, never thrown. */
    public void normal(MCPInstance instance, String reason, String message) {
        String now = InstanceStatus.rfc3339(clock.instant());
        String name =
                instance.getMetadata().getName()
                        + "."
                        + Long.toHexString(clock.millis())
                        + String.format(
                                Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Event event =
                new EventBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(instance.getMetadata().getNamespace())
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(Owners.API_VERSION)
                        .withKind(Owners.KIND)
                        .withName(instance.getMetadata().getName())
                        .withNamespace(instance.getMetadata().getNamespace())
                        .withUid(instance.getMetadata().getUid())
                        .withResourceVersion(instance.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withType("Normal")
                        .withReason(reason)
                        .withMessage(message)
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .withReportingComponent(COMPONENT)
                        .withReportingInstance(identity)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .build();
        try {
            writer.execute(() -> write(instance, event));
        } catch (RejectedExecutionException e) {
            LOG.fine("operator stopping; event " + reason + " not recorded");
        }
    }

    /**
     * Writes the queued events (waiting up to five seconds), then drops the rest: the caller may
     * close the client next, and nothing may write through it after this returns.
     */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                int dropped = writer.shutdownNow().size();
                LOG.warning("operator stopping; " + dropped + " queued events not recorded");
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void write(MCPInstance instance, Event event) {
        String reason = event.getReason();
        try {
            client.v1()
                    .events()
                    .inNamespace(instance.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException | IllegalStateException e) {
            // IllegalStateException: the HTTP client was closed under the writer.
            OperatorLog.log(
                    LOG,
                    Level.WARNING,
                    "could not record event "
                            + reason
                            + " for "
                            + instance.getMetadata().getName()
                            + ": "
                            + e.getMessage(),
                    null,
                    "instance",
                    instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName());
        }
    }
}
