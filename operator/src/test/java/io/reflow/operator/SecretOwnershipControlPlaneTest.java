package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.MCPInstanceStatus;
import io.reflow.mcp.api.McpResources;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whoever may create an MCPInstance must not get any other Secret of the namespace mounted into a
 * Pod, nor deleted with the instance: the operator mounts only the Secret the gateway made for that
 * very instance, and never adopts or writes a Secret. On the real control plane.
 */
@RequiresControlPlane
class SecretOwnershipControlPlaneTest {

    private EmbeddedCluster cluster;
    private Operator operator;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        operator = Operator.start(cluster.client(), OperatorConfig.defaults(cluster.namespace()));
        await().until(operator::isReady);
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
    }

    @Test
    void instanceNamingAnotherSecretGetsNoPodAndSaysWhy() {
        Secret foreign = cluster.createSecret("database-credentials");
        String name = create("mallory", "database-credentials").getMetadata().getName();

        await().untilAsserted(
                        () -> {
                            MCPInstanceStatus status = cluster.get(name).getStatus();
                            assertThat(status.getPhase()).isEqualTo(InstancePhase.Failed);
                            assertThat(status.getConditions().get(0).getStatus())
                                    .isEqualTo("False");
                            assertThat(status.getConditions().get(0).getReason())
                                    .isEqualTo("SecretNameNotAllowed");
                            assertThat(status.getMessage())
                                    .contains("'database-credentials'")
                                    .contains("'" + name + "-env'");
                        });
        assertNeverGetsAPod(name);
        assertThat(cluster.secret("database-credentials").getMetadata().getResourceVersion())
                .as("not adopted, not written")
                .isEqualTo(foreign.getMetadata().getResourceVersion());
    }

    @Test
    void anotherInstancesSecretIsRefusedByName() {
        MCPInstance victim = EmbeddedCluster.instance("github", "victim");
        String victimSecret = McpResources.secretName(victim.getMetadata().getName());
        MCPInstance storedVictim = cluster.create(withSecret(victim, victimSecret));
        cluster.createSecretOwnedBy(storedVictim);

        String name = create("thief", victimSecret).getMetadata().getName();

        await().untilAsserted(
                        () ->
                                assertThat(cluster.get(name).getStatus().getConditions())
                                        .first()
                                        .satisfies(
                                                c ->
                                                        assertThat(c.getReason())
                                                                .isEqualTo(
                                                                        "SecretNameNotAllowed")));
        assertNeverGetsAPod(name);
        assertThat(cluster.secret(victimSecret).getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        owner ->
                                assertThat(owner.getUid())
                                        .isEqualTo(storedVictim.getMetadata().getUid()));
    }

    @Test
    void secretOfTheRightNameThatTheGatewayDidNotMakeForTheInstanceIsNotMounted() {
        MCPInstance base = EmbeddedCluster.instance("github", "eve");
        String name = base.getMetadata().getName();
        // Labelled like the gateway's, but with no owner reference to this instance.
        cluster.createSecret(McpResources.secretName(name));

        create("eve", McpResources.secretName(name));

        await().untilAsserted(
                        () -> {
                            MCPInstanceStatus status = cluster.get(name).getStatus();
                            assertThat(status.getPhase()).isEqualTo(InstancePhase.Failed);
                            assertThat(status.getConditions().get(0).getReason())
                                    .isEqualTo("SecretNotOwned");
                            assertThat(status.getMessage()).contains("owner reference");
                        });
        assertNeverGetsAPod(name);
        assertThat(cluster.secret(name + "-env").getMetadata().getOwnerReferences()).isEmpty();
    }

    @Test
    void unlabelledSecretIsInvisibleToTheOperator() {
        MCPInstance base = EmbeddedCluster.instance("github", "trudy");
        String name = base.getMetadata().getName();
        cluster.client()
                .secrets()
                .inNamespace(cluster.namespace())
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(name + "-env")
                                .endMetadata()
                                .addToStringData("TOKEN", "someone-elses")
                                .build())
                .create();

        create("trudy", name + "-env");

        await().untilAsserted(
                        () ->
                                assertThat(
                                                cluster.get(name)
                                                        .getStatus()
                                                        .getConditions()
                                                        .get(0)
                                                        .getReason())
                                        .isEqualTo("SecretNotFound"));
        assertNeverGetsAPod(name);
    }

    private MCPInstance create(String user, String secretName) {
        return cluster.create(withSecret(EmbeddedCluster.instance("github", user), secretName));
    }

    private static MCPInstance withSecret(MCPInstance instance, String secretName) {
        return new MCPInstanceBuilder(instance)
                .editSpec()
                .withSecretName(secretName)
                .endSpec()
                .build();
    }

    /** The status is written after the decision; give the operator a moment to misbehave. */
    private void assertNeverGetsAPod(String name) {
        long before = operator.reconcileCount();
        cluster.edit(
                name,
                i ->
                        new MCPInstanceBuilder(i)
                                .editMetadata()
                                .addToLabels("touched", "again")
                                .endMetadata()
                                .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.reconcileCount() > before);
        Pod pod = cluster.pod(name);
        assertThat(pod).as("no Pod for an instance whose Secret is refused").isNull();
    }
}
