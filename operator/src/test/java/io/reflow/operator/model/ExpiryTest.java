package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final Instant CREATED = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofHours(24);
    private static final MCPInstance BASE =
            new MCPInstanceBuilder(InstancePodTest.BASE)
                    .editMetadata()
                    .withCreationTimestamp(CREATED.toString())
                    .endMetadata()
                    .build();

    @Test
    void idleTimeCountsFromCreationWithoutActivity() {
        Expiry expiry = Expiry.of(BASE, IDLE, LIFETIME, CREATED);

        assertThat(expiry.due(CREATED.plus(Duration.ofMinutes(29)))).isEmpty();
        assertThat(expiry.due(CREATED.plus(IDLE)))
                .get()
                .extracting(Expiry.Due::reason)
                .isEqualTo(Expiry.Reason.IdleTimeout);
        assertThat(expiry.remaining(CREATED.plus(Duration.ofMinutes(10))))
                .isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void recordedActivityPostponesIdleness() {
        MCPInstance active =
                new MCPInstanceBuilder(BASE)
                        .editMetadata()
                        .addToAnnotations(
                                McpResources.ANNOTATION_LAST_ACTIVITY, "2026-11-24T11:00:00Z")
                        .endMetadata()
                        .build();

        Expiry expiry = Expiry.of(active, IDLE, LIFETIME, CREATED);

        assertThat(expiry.idleDeadline()).isEqualTo(Instant.parse("2026-11-24T11:30:00Z"));
        assertThat(expiry.due(Instant.parse("2026-11-24T11:29:59Z"))).isEmpty();
    }

    @Test
    void startedAtCountsAsActivity() {
        MCPInstance started =
                new MCPInstanceBuilder(BASE)
                        .withNewStatus()
                        .withStartedAt("2026-11-24T10:20:00Z")
                        .endStatus()
                        .build();

        assertThat(Expiry.of(started, IDLE, LIFETIME, CREATED).idleDeadline())
                .isEqualTo(Instant.parse("2026-11-24T10:50:00Z"));
    }

    @Test
    void maxLifetimeCountsFromCreationDespiteActivity() {
        MCPInstance active =
                new MCPInstanceBuilder(BASE)
                        .editMetadata()
                        .addToAnnotations(
                                McpResources.ANNOTATION_LAST_ACTIVITY, "2026-11-25T09:59:00Z")
                        .endMetadata()
                        .build();

        Expiry expiry = Expiry.of(active, IDLE, LIFETIME, CREATED);

        assertThat(expiry.due(Instant.parse("2026-11-25T10:00:00Z")))
                .get()
                .satisfies(
                        due -> {
                            assertThat(due.reason()).isEqualTo(Expiry.Reason.MaxLifetimeExceeded);
                            assertThat(due.message()).contains("max lifetime 24h");
                        });
    }

    @Test
    void specValuesOverrideTheDefaults() {
        MCPInstance custom =
                new MCPInstanceBuilder(BASE)
                        .editSpec()
                        .withIdleTTL("5m")
                        .withMaxLifetime("1h")
                        .endSpec()
                        .build();

        Expiry expiry = Expiry.of(custom, IDLE, LIFETIME, CREATED);

        assertThat(expiry.idleTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(expiry.maxLifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void unparseableActivityIsIgnored() {
        MCPInstance garbled =
                new MCPInstanceBuilder(BASE)
                        .editMetadata()
                        .addToAnnotations(McpResources.ANNOTATION_LAST_ACTIVITY, "yesterday")
                        .endMetadata()
                        .build();

        assertThat(Expiry.of(garbled, IDLE, LIFETIME, CREATED).lastActivity()).isEqualTo(CREATED);
    }
}
