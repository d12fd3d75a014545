package io.reflow.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events are best effort: a failure to write one is logged, never thrown on the writer thread. */
class EventRecorderTest {

    private final Logger logger = Logger.getLogger(EventRecorder.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    records.add(record);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void eventQueuedWhenTheClientIsAlreadyClosedIsLoggedNamingTheInstance() {
        KubernetesClient client =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder()
                                        .withMasterUrl("https://127.0.0.1:1")
                                        .withRequestRetryBackoffLimit(0)
                                        .build())
                        .build();
        client.close();
        EventRecorder recorder = new EventRecorder(client, "operator-a", Clock.systemUTC());

        recorder.normal(instance("github-0123456789"), "IdleTimeout", "idle for 1h");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(records)
                                        .anySatisfy(
                                                r ->
                                                        assertThat(r.getMessage())
                                                                .contains(
                                                                        "could not record event"
                                                                                + " IdleTimeout for"
                                                                                + " github-0123456789")));
        recorder.close();
    }

    private static MCPInstance instance(String name) {
        return new MCPInstanceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("reflow")
                .withUid("0f0f0f0f-0000-0000-0000-000000000000")
                .endMetadata()
                .build();
    }
}
