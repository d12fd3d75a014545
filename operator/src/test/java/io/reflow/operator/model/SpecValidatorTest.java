package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    private static final MCPInstance BASE = InstancePodTest.BASE;

    @Test
    void acceptsAValidInstance() {
        assertThat(SpecValidator.problem(BASE)).isEmpty();
    }

    @Test
    void rejectsPortOutsideRange() {
        assertThat(problem(new MCPInstanceBuilder(BASE).editSpec().withPort(0).endSpec().build()))
                .startsWith("spec.port");
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withPort(65536)
                                        .endSpec()
                                        .build()))
                .startsWith("spec.port");
    }

    @Test
    void rejectsMissingImage() {
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withImage(null)
                                        .endSpec()
                                        .build()))
                .isEqualTo("spec.image is required");
    }

    @Test
    void rejectsDurationsTooLongToRepresent() {
        // The CRD's pattern admits any number of digits.
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withIdleTTL("9999999999999999d")
                                        .endSpec()
                                        .build()))
                .isEqualTo("spec.idleTTL: '9999999999999999d' is too long a duration");
    }

    @Test
    void rejectsBadDurations() {
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withIdleTTL("forever")
                                        .endSpec()
                                        .build()))
                .startsWith("spec.idleTTL");
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withMaxLifetime("0s")
                                        .endSpec()
                                        .build()))
                .startsWith("spec.maxLifetime");
    }

    @Test
    void rejectsBadNamesAndPaths() {
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withSecretName("Bad_Name")
                                        .endSpec()
                                        .build()))
                .startsWith("spec.secretName");
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withHealthPath("health")
                                        .endSpec()
                                        .build()))
                .startsWith("spec.healthPath");
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editSpec()
                                        .withSubjectKey("alice")
                                        .endSpec()
                                        .build()))
                .startsWith("spec.subjectKey");
        assertThat(
                        problem(
                                new MCPInstanceBuilder(BASE)
                                        .editMetadata()
                                        .withName("1-starts-with-digit")
                                        .endMetadata()
                                        .build()))
                .startsWith("metadata.name");
    }

    private static String problem(MCPInstance instance) {
        return SpecValidator.problem(instance).orElseThrow();
    }
}
