package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRefusalTest {

    @Test
    void rbacDenialIsForbiddenWithTheServersMessage() {
        String message =
                "pods is forbidden: User \"system:serviceaccount:reflow:reflow-operator\" cannot"
                        + " create resource \"pods\" in API group \"\" in the namespace \"reflow\"";

        assertThat(ApiRefusal.of(403, message)).hasValue(new Refusal("Forbidden", message));
    }

    @Test
    void quotaIsQuotaExceeded() {
        assertThat(
                        ApiRefusal.of(
                                403,
                                "pods \"github-1\" is forbidden: exceeded quota: mcp, requested:"
                                        + " pods=1, used: pods=10, limited: pods=10"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("QuotaExceeded"));
    }

    @Test
    void podSecurityAndWebhooksAreAdmissionRefused() {
        assertThat(
                        ApiRefusal.of(
                                403,
                                "pods \"github-1\" is forbidden: violates PodSecurity"
                                        + " \"restricted:latest\": runAsNonRoot != true"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("AdmissionRefused"));
        assertThat(
                        ApiRefusal.of(
                                400,
                                "admission webhook \"policy.example.com\" denied the request:"
                                        + " images must come from registry.example.com"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("AdmissionRefused"));
    }

    @Test
    void invalidObjectIsResourceInvalid() {
        assertThat(ApiRefusal.of(422, "Pod \"github-1\" is invalid: spec.containers[0].image"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("ResourceInvalid"));
    }

    @Test
    void transientFailuresAreNoRefusal() {
        assertThat(ApiRefusal.of(409, "conflict")).isEmpty();
        assertThat(ApiRefusal.of(404, "not found")).isEmpty();
        assertThat(ApiRefusal.of(429, "too many requests")).isEmpty();
        assertThat(ApiRefusal.of(500, "etcdserver: request timed out")).isEmpty();
        assertThat(ApiRefusal.of(0, null)).isEmpty();
    }

    @Test
    void messageIsBoundedAndFreeOfControlCharacters() {
        String message =
                ApiRefusal.of(403, "forbidden:\r\nX-Injected: 1 " + "x".repeat(5000))
                        .orElseThrow()
                        .message();

        assertThat(message).hasSize(ApiRefusal.MAX_MESSAGE_LENGTH).doesNotContain("\r", "\n");
    }
}
