package io.reflow.operator;

import static io.reflow.operator.EmbeddedCluster.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle and too-old instances are deleted at their deadline, with an Event saying why. The embedded
 * API server has no garbage collector: the cascade to Pod, Service and Secret is checked through
 * their owner references elsewhere.
 */
class GarbageCollectionMockTest {

    private EmbeddedCluster cluster;
    private Operator operator;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        operator = Operator.start(cluster.client(), OperatorConfig.defaults(NAMESPACE));
        await().until(operator::isReady);
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
    }

    @Test
    void deletesInstanceIdleLongerThanItsTtlWithAnEvent() {
        MCPInstance instance =
                new MCPInstanceBuilder(EmbeddedCluster.instance("github", "alice"))
                        .editSpec()
                        .withIdleTTL("2s")
                        .endSpec()
                        .build();
        String name = cluster.create(instance).getMetadata().getName();
        await().until(() -> cluster.pod(name) != null);

        await().until(() -> cluster.get(name) == null);

        await().untilAsserted(
                        () ->
                                assertThat(events(name))
                                        .anySatisfy(
                                                event -> {
                                                    assertThat(event.getReason())
                                                            .isEqualTo("IdleTimeout");
                                                    assertThat(event.getMessage())
                                                            .contains("idle TTL 2s");
                                                    assertThat(event.getInvolvedObject().getKind())
                                                            .isEqualTo("MCPInstance");
                                                }));
    }

    @Test
    void deletesInstanceOlderThanItsMaxLifetimeDespiteActivity() {
        MCPInstance instance =
                new MCPInstanceBuilder(EmbeddedCluster.instance("github", "bob"))
                        .editSpec()
                        .withMaxLifetime("3s")
                        .endSpec()
                        .build();
        String name = cluster.create(instance).getMetadata().getName();
        Instant created = Instant.now();

        while (cluster.get(name) != null && Instant.now().isBefore(created.plusSeconds(10))) {
            recordActivity(name);
            sleep(Duration.ofMillis(500));
        }

        assertThat(cluster.get(name)).isNull();
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
        MCPInstance instance =
                new MCPInstanceBuilder(EmbeddedCluster.instance("github", "carol"))
                        .editSpec()
                        .withIdleTTL("3s")
                        .endSpec()
                        .build();
        String name = cluster.create(instance).getMetadata().getName();
        Instant created = Instant.now();

        while (Instant.now().isBefore(created.plusSeconds(5))) {
            recordActivity(name);
            sleep(Duration.ofMillis(500));
        }
        assertThat(cluster.get(name)).isNotNull();
        await().untilAsserted(
                        () ->
                                assertThat(cluster.get(name).getStatus().getLastActivityAt())
                                        .isNotNull());

        await().until(() -> cluster.get(name) == null);
    }

    @Test
    void usesTheOperatorDefaultIdleTtlWhenTheSpecHasNone() {
        operator.close();
        operator =
                Operator.start(
                        cluster.client(),
                        OperatorConfig.defaults(NAMESPACE)
                                .withDefaults(Duration.ofSeconds(2), Duration.ofHours(1)));
        await().until(operator::isReady);

        String name =
                cluster.create(EmbeddedCluster.instance("github", "dave")).getMetadata().getName();

        await().until(() -> cluster.get(name) == null);
        await().untilAsserted(
                        () ->
                                assertThat(events(name))
                                        .anySatisfy(
                                                e ->
                                                        assertThat(e.getReason())
                                                                .isEqualTo("IdleTimeout")));
    }

    private void recordActivity(String name) {
        try {
            cluster.edit(
                    name,
                    i ->
                            new MCPInstanceBuilder(i)
                                    .editMetadata()
                                    .addToAnnotations(
                                            McpResources.ANNOTATION_LAST_ACTIVITY,
                                            Instant.now().toString())
                                    .endMetadata()
                                    .build());
        } catch (RuntimeException e) {
            // deleted meanwhile
        }
    }

    private List<Event> events(String instanceName) {
        return cluster.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> instanceName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
