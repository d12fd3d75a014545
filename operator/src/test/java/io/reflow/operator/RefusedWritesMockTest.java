package io.reflow.operator;

import static io.reflow.operator.EmulatedApiServer.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.reflow.mcp.api.InstancePhase;
import io.reflow.mcp.api.MCPInstanceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the API server refuses the Pod (RBAC, quota, admission, validation), the instance's status
 * says so with a CamelCase reason and the server's message. The emulated API server has no RBAC,
 * quota or admission, so each test injects the refusal the real one would answer.
 */
class RefusedWritesMockTest {

    private static final String PODS = "/api/v1/namespaces/" + NAMESPACE + "/pods";

    private EmulatedApiServer cluster;
    private Operator operator;

    @BeforeEach
    void start() {
        cluster = new EmulatedApiServer();
        operator = Operator.start(cluster.client(), OperatorConfig.defaults(NAMESPACE));
        await().until(operator::isReady);
    }

    @AfterEach
    void stop() {
        operator.close();
        cluster.close();
    }

    @Test
    void podForbiddenByRbacShowsForbiddenWithTheServersMessage() {
        refusePods(
                403,
                "Forbidden",
                "pods is forbidden: User \"system:serviceaccount:reflow:reflow-operator\" cannot"
                        + " create resource \"pods\" in API group \"\" in the namespace \"reflow\"");

        assertRefused("rbac", "Forbidden", "cannot create resource \"pods\"");
    }

    @Test
    void quotaShowsQuotaExceeded() {
        refusePods(
                403,
                "Forbidden",
                "pods \"x\" is forbidden: exceeded quota: mcp, requested: pods=1, used: pods=5,"
                        + " limited: pods=5");

        assertRefused("quota", "QuotaExceeded", "exceeded quota: mcp");
    }

    @Test
    void podSecurityShowsAdmissionRefused() {
        refusePods(
                403,
                "Forbidden",
                "pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\":"
                        + " allowPrivilegeEscalation != false");

        assertRefused("podsecurity", "AdmissionRefused", "violates PodSecurity");
    }

    @Test
    void invalidPodShowsResourceInvalid() {
        refusePods(
                422,
                "Invalid",
                "Pod \"x\" is invalid: spec.containers[0].resources.requests: Invalid value");

        assertRefused("invalid", "ResourceInvalid", "spec.containers[0].resources.requests");
    }

    private void refusePods(int code, String reason, String message) {
        Status status =
                new StatusBuilder()
                        .withStatus("Failure")
                        .withCode(code)
                        .withReason(reason)
                        .withMessage(message)
                        .build();
        cluster.expect().post().withPath(PODS).andReturn(code, status).always();
    }

    private void assertRefused(String user, String reason, String messagePart) {
        String name =
                cluster.create(EmbeddedCluster.instance("github", user)).getMetadata().getName();

        await().untilAsserted(
                        () -> {
                            MCPInstanceStatus status = cluster.get(name).getStatus();
                            assertThat(status.getPhase()).isEqualTo(InstancePhase.Failed);
                            assertThat(status.getConditions().get(0).getStatus())
                                    .isEqualTo("False");
                            assertThat(status.getConditions().get(0).getReason()).isEqualTo(reason);
                            assertThat(status.getMessage()).contains(messagePart);
                            assertThat(status.getConditions().get(0).getMessage())
                                    .isEqualTo(status.getMessage());
                        });
        assertThat(cluster.pod(name)).isNull();
    }
}
