package io.reflow.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.gateway.target.FieldError;
import org.junit.jupiter.api.Test;

/** Policy validation: every bad field is named; patterns are bounded and RE2 only. */
class PolicyJsonTest {

    private static final String SUBJECTS = "\"subjects\":[{\"subject_type\":\"everyone\"}]";

    @Test
    void readsAReflowPolicyAndWritesItBack() {
        Policy policy =
                Policies.of(
                        """
                        {"id":"p1","name":"devs","description":"d","target_id":"everything",\
                        "resource_type":"tool","resource_pattern":"^get-","effect":"allow",\
                        "priority":7,"enabled":true,"subjects":[{"subject_type":"role",\
                        "subject_value":"dev"}]}""");
        assertThat(policy.targetId()).isEqualTo("everything");
        assertThat(policy.resourceType()).isEqualTo(ResourceType.TOOL);
        assertThat(PolicyJson.write(policy).toString())
                .contains("\"subjects\":[{\"subject_type\":\"role\",\"subject_value\":\"dev\"}]")
                .contains("\"read_only\":false");
    }

    @Test
    void defaultsAreAllTypesEnabledPriorityZero() {
        Policy policy = Policies.of("{\"id\":\"p\",\"effect\":\"deny\"," + SUBJECTS + "}");
        assertThat(policy.resourceType()).isEqualTo(ResourceType.ALL);
        assertThat(policy.enabled()).isTrue();
        assertThat(policy.priority()).isZero();
        assertThat(policy.targetId()).isNull();
    }

    @Test
    void aPatternOverTheLimitIsRefusedNamingResourcePattern() {
        String pattern = "a".repeat(PolicyJson.MAX_PATTERN_LENGTH + 1);
        assertThatThrownBy(
                        () ->
                                Policies.of(
                                        "{\"id\":\"p\",\"effect\":\"deny\",\"resource_pattern\":\""
                                                + pattern
                                                + "\","
                                                + SUBJECTS
                                                + "}"))
                .isInstanceOfSatisfying(
                        PolicyValidationException.class,
                        e ->
                                assertThat(e.errors())
                                        .extracting(FieldError::field)
                                        .containsExactly("resource_pattern"));
    }

    @Test
    void backreferencesAndLookaroundAreNotRe2AndRefused() {
        for (String pattern : new String[] {"(a)\\\\1", "(?=x)", "(a+"}) {
            assertThatThrownBy(
                            () ->
                                    Policies.of(
                                            "{\"id\":\"p\",\"effect\":\"deny\",\"resource_pattern\":\""
                                                    + pattern
                                                    + "\","
                                                    + SUBJECTS
                                                    + "}"))
                    .as(pattern)
                    .isInstanceOf(PolicyValidationException.class)
                    .hasMessageStartingWith("resource_pattern: is not a valid RE2");
        }
    }

    @Test
    void namesEveryInvalidFieldAtOnce() {
        assertThatThrownBy(
                        () ->
                                Policies.of(
                                        """
                                        {"id":"bad id","effect":"maybe","resource_type":"tools",\
                                        "priority":"high","enabled":"yes","colour":"red",\
                                        "subjects":[{"subject_type":"team"},\
                                        {"subject_type":"user"}]}"""))
                .isInstanceOfSatisfying(
                        PolicyValidationException.class,
                        e ->
                                assertThat(e.errors())
                                        .extracting(FieldError::field)
                                        .containsExactlyInAnyOrder(
                                                "colour",
                                                "id",
                                                "resource_type",
                                                "effect",
                                                "priority",
                                                "enabled",
                                                "subjects[0].subject_type",
                                                "subjects[1].subject_value"));
    }

    @Test
    void aPolicyWithoutSubjectsIsRefused() {
        assertThatThrownBy(() -> Policies.of("{\"id\":\"p\",\"effect\":\"allow\",\"subjects\":[]}"))
                .hasMessageStartingWith("subjects: must name at least one subject");
    }
}
