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
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Records Kubernetes Events about an MCPInstance (visible in {@code kubectl describe}). */
public final class EventRecorder {

    /** The component name events are reported by. */
    public static final String COMPONENT = "reflow-operator";

    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;

    /** A recorder reporting as {@code identity}. */
    public EventRecorder(KubernetesClient client, String identity, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.clock = clock;
    }

    /** Records a Normal event; a failure is logged, never thrown. */
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
            client.v1()
                    .events()
                    .inNamespace(instance.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
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
