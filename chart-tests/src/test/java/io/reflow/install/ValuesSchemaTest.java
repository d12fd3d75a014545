package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * values.schema.json (and the chart's own checks) reject wrong types and values with a message
 * naming the key at fault.
 */
class ValuesSchemaTest {

    @Test
    void rejectsAReplicaCountThatIsNotANumber() {
        assertRejected("gateway.replicas", "two", "gateway.replicas");
    }

    @Test
    void rejectsASwitchThatIsNotABoolean() {
        assertRejected("networkPolicy.enabled", "yes", "networkPolicy.enabled");
    }

    @Test
    void rejectsAnUnknownStoreKind() {
        assertRejected("gateway.config.store.kind", "postgres", "gateway.config.store.kind");
    }

    @Test
    void rejectsAMalformedDuration() {
        assertRejected("gateway.config.kubernetes.idle_ttl", "soon", "idle_ttl");
    }

    @Test
    void rejectsAKubeconfigInsideTheCluster() {
        assertRejected("gateway.config.kubernetes.kubeconfig", "/root/.kube/config", "kubeconfig");
    }

    @Test
    void rejectsAMisspelledKey() {
        assertRejected("gateway.replica", 3, "replica");
    }

    @Test
    void rejectsSeveralOperatorsWithoutLeaderElection() {
        HelmChart chart =
                HelmChart.defaults()
                        .set("operator.leaderElection.enabled", false)
                        .set("operator.replicas", 2);

        assertThatThrownBy(chart::render)
                .hasMessageContaining("operator.leaderElection.enabled")
                .hasMessageContaining("operator.replicas");
    }

    @Test
    void acceptsTheDocumentedKeys() {
        HelmChart chart =
                HelmChart.defaults()
                        .set("gateway.replicas", 3)
                        .set("operator.replicas", 2)
                        .set("gateway.image.tag", "1.2.3")
                        .set("imagePullSecrets[0].name", "regcred")
                        .set("gateway.nodeSelector.disktype", "ssd")
                        .set("serviceMonitor.enabled", true);

        assertThatNoException().isThrownBy(chart::render);
    }

    @Test
    void acceptsStaticPoliciesAndTheAuditBlockAndRejectsABadEffect() {
        HelmChart chart =
                HelmChart.defaults()
                        .set("gateway.config.policies[0].id", "everyone-echo")
                        .set("gateway.config.policies[0].effect", "allow")
                        .set("gateway.config.policies[0].resource_pattern", "^echo$")
                        .set("gateway.config.policies[0].subjects[0].subject_type", "everyone")
                        .set("gateway.config.audit.ring_size", 500)
                        .set("gateway.config.audit.stdout", true);
        assertThatNoException().isThrownBy(chart::render);
        assertThatThrownBy(
                        () ->
                                HelmChart.defaults()
                                        .set("gateway.config.policies[0].id", "p")
                                        .set("gateway.config.policies[0].effect", "maybe")
                                        .set(
                                                "gateway.config.policies[0].subjects[0].subject_type",
                                                "everyone")
                                        .render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("effect");
    }

    @Test
    void acceptsTracingOfGatewayAndOperatorAndRejectsAnEndpointThatIsNoUrl() {
        HelmChart chart =
                HelmChart.defaults()
                        .set("gateway.config.tracing.otlp_endpoint", "http://collector:4318")
                        .set("gateway.config.tracing.sample_ratio", 0.5)
                        .set("operator.tracing.otlpEndpoint", "http://collector:4318");
        assertThatNoException().isThrownBy(chart::render);
        assertRejected("gateway.config.tracing.otlp_endpoint", "collector:4318", "otlp_endpoint");
        assertRejected("gateway.config.tracing.sample_ratio", 2, "sample_ratio");
        assertRejected("operator.tracing.otlpEndpoint", "collector", "otlpEndpoint");
    }

    @Test
    void acceptsTheConsolesIdentityProviderAndRejectsAClientIdWithASpace() {
        assertThatNoException()
                .isThrownBy(
                        HelmChart.defaults()
                                        .set("gateway.config.ui.oidc.client_id", "reflow-console")
                                        .set("gateway.config.ui.oidc.scopes[0]", "openid")
                                ::render);
        assertRejected("gateway.config.ui.oidc.client_id", "my console", "client_id");
        assertRejected("gateway.config.ui.oidc.secret", "s", "secret");
    }

    private static void assertRejected(String key, Object value, String named) {
        assertThatThrownBy(() -> HelmChart.defaults().set(key, value).render())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }
}
