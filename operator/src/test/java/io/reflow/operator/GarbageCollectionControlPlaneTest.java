package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle and too-old instances are deleted at their deadline, with an Event saying why, and the real
 * garbage collector removes their Pod, Service and Secret through the owner references. The
 * operator's clock is moved by the test; an edit of the instance makes it look again.
 */
@RequiresControlPlane
class GarbageCollectionControlPlaneTest {

    private final ManualClock clock = new ManualClock();
    private EmbeddedCluster cluster;
    private Operator operator;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        operator =
                Operator.start(
                        cluster.client(), OperatorConfig.defaults(cluster.namespace()), clock);
        await().until(operator::isReady);
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
    }

    @Test
    void deletesInstanceIdleLongerThanItsTtlWithAnEventAndTheGarbageCollectorRemovesItsParts() {
        MCPInstance base = EmbeddedCluster.instance("github", "alice");
        String secretName = McpResources.secretName(base.getMetadata().getName());
        MCPInstance instance =
                new MCPInstanceBuilder(base)
                        .editSpec()
                        .withIdleTTL("1h")
                        .withSecretName(secretName)
                        .endSpec()
                        .build();
        MCPInstance stored = cluster.create(instance);
        String name = stored.getMetadata().getName();
        cluster.createSecretOwnedBy(stored);
        await().until(() -> cluster.pod(name) != null && cluster.service(name) != null);

        clock.advance(Duration.ofMinutes(61));
        touch(name);

        await().until(() -> cluster.get(name) == null);
        await().untilAsserted(
                        () ->
                                assertThat(events(name))
                                        .anySatisfy(
                                                event -> {
                                                    assertThat(event.getReason())
                                                            .isEqualTo("IdleTimeout");
                                                    assertThat(event.getMessage())
                                                            .contains("idle TTL 1h");
                                                    assertThat(event.getInvolvedObject().getKind())
                                                            .isEqualTo("MCPInstance");
                                                }));
        // The garbage collector learns of a new CRD at its next discovery (every 30 s): the first
        // cascade of a JVM may wait for it.
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(
                        () -> {
                            assertThat(cluster.pod(name)).isNull();
                            assertThat(cluster.service(name)).isNull();
                            assertThat(cluster.secret(secretName)).isNull();
                        });
    }

    @Test
    void deletesInstanceOlderThanItsMaxLifetimeDespiteActivity() {
        MCPInstance instance =
                new MCPInstanceBuilder(EmbeddedCluster.instance("github", "bob"))
                        .editSpec()
                        .withIdleTTL("1h")
                        .withMaxLifetime("2h")
                        .endSpec()
                        .build();
        String name = cluster.create(instance).getMetadata().getName();

        // Activity every 35 minutes keeps it from idling out (1h) until its lifetime (2h) ends.
        for (int step = 0; step < 3; step++) {
            clock.advance(Duration.ofMinutes(35));
            Instant activity = clock.instant();
            recordActivity(name, activity);
            await().until(
                            () ->
                                    activity.toString()
                                            .equals(
                                                    cluster.get(name)
                                                            .getStatus()
                                                            .getLastActivityAt()));
        }
        clock.advance(Duration.ofMinutes(16));
        recordActivity(name, clock.instant());

        await().until(() -> cluster.get(name) == null);
        await().untilAsserted(
                        () ->
                                assertThat(events(name))
                                        .anySatisfy(
                                                e ->
                                                        assertThat(e.getReason())
                                                                .isEqualTo("MaxLifetimeExceeded")));
    }

    @Test
    void recordedActivityPostponesIdleDeletion() {
        // One worker takes keys in the order they were queued: once the idle sentinel, touched
        // after the active instance, is gone, the active instance was looked at with the same time.
        restartOperator(OperatorConfig.defaults(cluster.namespace()).withWorkers(1));
        String active = cluster.create(idleFor("1h", "carol")).getMetadata().getName();
        String sentinel = cluster.create(idleFor("1h", "sentinel")).getMetadata().getName();
        await().until(
                        () ->
                                cluster.get(active).getStatus() != null
                                        && cluster.get(sentinel).getStatus() != null);

        clock.advance(Duration.ofMinutes(50));
        Instant activity = clock.instant();
        recordActivity(active, activity);
        await().until(
                        () ->
                                activity.toString()
                                        .equals(
                                                cluster.get(active)
                                                        .getStatus()
                                                        .getLastActivityAt()));
        clock.advance(Duration.ofMinutes(50));
        touch(active);
        touch(sentinel);

        await().until(() -> cluster.get(sentinel) == null);
        assertThat(cluster.get(active)).isNotNull();

        clock.advance(Duration.ofMinutes(11));
        touch(active);

        await().until(() -> cluster.get(active) == null);
    }

    @Test
    void usesTheOperatorDefaultIdleTtlWhenTheSpecHasNone() {
        restartOperator(
                OperatorConfig.defaults(cluster.namespace())
                        .withDefaults(Duration.ofMinutes(5), Duration.ofHours(1)));
        String name =
                cluster.create(EmbeddedCluster.instance("github", "dave")).getMetadata().getName();
        await().until(() -> cluster.get(name).getStatus() != null);

        clock.advance(Duration.ofMinutes(6));
        touch(name);

        await().until(() -> cluster.get(name) == null);
        await().untilAsserted(
                        () ->
                                assertThat(events(name))
                                        .anySatisfy(
                                                e -> {
                                                    assertThat(e.getReason())
                                                            .isEqualTo("IdleTimeout");
                                                    assertThat(e.getMessage())
                                                            .contains("idle TTL 5m");
                                                }));
    }

    private void restartOperator(OperatorConfig config) {
        operator.close();
        operator = Operator.start(cluster.client(), config, clock);
        await().until(operator::isReady);
    }

    private static MCPInstance idleFor(String idleTtl, String user) {
        return new MCPInstanceBuilder(EmbeddedCluster.instance("github", user))
                .editSpec()
                .withIdleTTL(idleTtl)
                .endSpec()
                .build();
    }

    /**
     * An edit that records no activity, so the operator looks at the instance again; nothing to do
     * when another event made it collect the instance already.
     */
    private void touch(String name) {
        try {
            cluster.edit(
                    name,
                    i ->
                            new MCPInstanceBuilder(i)
                                    .editMetadata()
                                    .addToLabels("touched", Long.toString(System.nanoTime()))
                                    .endMetadata()
                                    .build());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void recordActivity(String name, Instant at) {
        cluster.edit(
                name,
                i ->
                        new MCPInstanceBuilder(i)
                                .editMetadata()
                                .addToAnnotations(
                                        McpResources.ANNOTATION_LAST_ACTIVITY, at.toString())
                                .endMetadata()
                                .build());
    }

    private List<Event> events(String instanceName) {
        return cluster
                .client()
                .v1()
                .events()
                .inNamespace(cluster.namespace())
                .list()
                .getItems()
                .stream()
                .filter(e -> instanceName.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
