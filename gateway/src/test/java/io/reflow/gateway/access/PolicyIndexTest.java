package io.reflow.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.auth.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The evaluation rule as a table: policies, caller, target and item in, decision out. */
class PolicyIndexTest {

    private static final Identity ALICE = new Identity("alice", "dev", List.of("blue"), false);
    private static final Identity BOB = new Identity("bob", "ops", List.of(), false);
    private static final Identity ADMIN = Identity.adminToken("admin");

    private static String policy(
            String id,
            String target,
            String type,
            String pattern,
            String effect,
            int priority,
            String subjects) {
        return """
                {"id":"%s",%s"resource_type":"%s","resource_pattern":"%s","effect":"%s",\
                "priority":%d,"subjects":[%s]}"""
                .formatted(
                        id,
                        target == null ? "" : "\"target_id\":\"" + target + "\",",
                        type,
                        pattern,
                        effect,
                        priority,
                        subjects);
    }

    private static final String EVERYONE = "{\"subject_type\":\"everyone\"}";
    private static final String ROLE_DEV = "{\"subject_type\":\"role\",\"subject_value\":\"dev\"}";
    private static final String GROUP_BLUE =
            "{\"subject_type\":\"group\",\"subject_value\":\"blue\"}";
    private static final String USER_ALICE =
            "{\"subject_type\":\"user\",\"subject_value\":\"alice\"}";
    private static final String USER_ADMIN =
            "{\"subject_type\":\"user\",\"subject_value\":\"admin\"}";

    static Stream<Arguments> basics() {
        return Stream.of(
                // policies, identity, target, type, name, allowed, deciding policy
                row(List.of(), ALICE, "t", ResourceType.TOOL, "echo", true, null),
                row(
                        List.of(policy("a", null, "tool", "^echo$", "allow", 0, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        true,
                        "a"),
                // no match = deny once any policy exists
                row(
                        List.of(policy("a", null, "tool", "^echo$", "allow", 0, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "get-env",
                        false,
                        null),
                // the type must match: a tool policy says nothing about prompts
                row(
                        List.of(policy("a", null, "tool", "", "allow", 0, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.PROMPT,
                        "simple-prompt",
                        false,
                        null));
    }

    static Stream<Arguments> ordering() {
        return Stream.of(
                row(
                        List.of(policy("a", null, "all", "", "allow", 0, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.RESOURCE,
                        "demo://x",
                        true,
                        "a"),
                // higher priority first
                row(
                        List.of(
                                policy("low", null, "all", "", "allow", 1, EVERYONE),
                                policy("high", null, "tool", "env", "deny", 5, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "get-env",
                        false,
                        "high"),
                row(
                        List.of(
                                policy("low", null, "all", "", "deny", 1, EVERYONE),
                                policy("high", null, "tool", "env", "allow", 5, ROLE_DEV)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "get-env",
                        true,
                        "high"),
                // equal priority: deny wins, whatever the ids
                row(
                        List.of(
                                policy("a-deny", null, "tool", "", "deny", 3, GROUP_BLUE),
                                policy("0-allow", null, "tool", "", "allow", 3, USER_ALICE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        false,
                        "a-deny"));
    }

    static Stream<Arguments> subjectsAndTargets() {
        return Stream.of(
                // subjects: role, group, user; another user is not matched
                row(
                        List.of(policy("a", null, "tool", "", "allow", 0, USER_ALICE)),
                        BOB,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        false,
                        null),
                row(
                        List.of(policy("a", null, "tool", "", "allow", 0, GROUP_BLUE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        true,
                        "a"),
                // target_id: only that target; absent: every target
                row(
                        List.of(policy("a", "other", "tool", "", "allow", 0, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        false,
                        null),
                row(
                        List.of(
                                policy("a", "t", "tool", "", "deny", 2, EVERYONE),
                                policy("b", null, "tool", "", "allow", 1, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        false,
                        "a"));
    }

    static Stream<Arguments> patterns() {
        return Stream.of(
                // disabled policies are ignored
                row(
                        List.of(
                                policy("a", null, "tool", "", "allow", 0, EVERYONE)
                                        .replace("\"subjects\"", "\"enabled\":false,\"subjects\"")),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        false,
                        null),
                // the pattern is searched, as Reflow does: anchor it for exact names
                row(
                        List.of(policy("a", null, "tool", "env", "allow", 0, EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.TOOL,
                        "get-env",
                        true,
                        "a"),
                row(
                        List.of(
                                policy(
                                        "a",
                                        null,
                                        "resource",
                                        "^demo://resource/static/",
                                        "allow",
                                        0,
                                        EVERYONE)),
                        ALICE,
                        "t",
                        ResourceType.RESOURCE,
                        "demo://resource/dynamic",
                        false,
                        null));
    }

    static Stream<Arguments> identities() {
        return Stream.of(
                // admins are not subject to policies, even one naming them
                row(
                        List.of(
                                policy(
                                        "a",
                                        null,
                                        "all",
                                        "",
                                        "deny",
                                        9,
                                        USER_ADMIN + "," + EVERYONE)),
                        ADMIN,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        true,
                        null),
                // built-in identities match everyone only, not a user subject of that name
                row(
                        List.of(
                                policy(
                                        "a",
                                        null,
                                        "all",
                                        "",
                                        "allow",
                                        0,
                                        "{\"subject_type\":\"user\",\"subject_value\":\"anonymous\"}")),
                        Identity.ANONYMOUS,
                        "t",
                        ResourceType.TOOL,
                        "echo",
                        false,
                        null));
    }

    private static Arguments row(
            List<String> policies,
            Identity identity,
            String target,
            ResourceType type,
            String name,
            boolean allowed,
            String policyId) {
        return Arguments.of(policies, identity, target, type, name, allowed, policyId);
    }

    @ParameterizedTest
    @MethodSource({"basics", "ordering", "subjectsAndTargets", "patterns", "identities"})
    void decidesByTheTable(
            List<String> policies,
            Identity identity,
            String target,
            ResourceType type,
            String name,
            boolean allowed,
            String policyId) {
        Decision decision = index(policies).view(identity, target).decide(type, name);
        assertThat(decision.allowed()).isEqualTo(allowed);
        assertThat(decision.policyId()).isEqualTo(policyId);
    }

    @Test
    void aGatewayWithNoPolicyAllowsEverythingAndSaysWhy() {
        PolicyIndex.View view = PolicyIndex.EMPTY.view(ALICE, "t");
        assertThat(view.allowsEverything()).isTrue();
        assertThat(view.target().reason()).isEqualTo(Decision.Reason.NO_POLICIES);
        // A disabled policy still counts as "policies exist": default deny applies.
        PolicyIndex disabled =
                index(
                        List.of(
                                policy("a", null, "all", "", "allow", 0, EVERYONE)
                                        .replace(
                                                "\"subjects\"", "\"enabled\":false,\"subjects\"")));
        assertThat(disabled.view(ALICE, "t").target().allowed()).isFalse();
    }

    @Test
    void aTargetIsUsableWhenSomeAllowComesBeforeADenyOfEverything() {
        PolicyIndex index =
                index(
                        List.of(
                                policy("deny-all", "secret", "all", "", "deny", 10, EVERYONE),
                                policy("one-tool", null, "tool", "^echo$", "allow", 1, EVERYONE),
                                policy(
                                        "ops",
                                        "secret",
                                        "all",
                                        ".*",
                                        "allow",
                                        20,
                                        "{\"subject_type\":\"role\",\"subject_value\":\"ops\"}")));
        assertThat(index.view(ALICE, "secret").target().allowed()).isFalse();
        assertThat(index.view(ALICE, "secret").target().policyId()).isEqualTo("deny-all");
        assertThat(index.view(BOB, "secret").target().allowed()).isTrue();
        assertThat(index.view(BOB, "secret").allowsEverything()).isTrue();
        assertThat(index.view(ALICE, "public").target().allowed()).isTrue();
        assertThat(index.view(ALICE, "public").allowsEverything()).isFalse();
    }

    @Test
    void aPolicyNamingTheCallerTwiceIsEvaluatedOnce() {
        PolicyIndex index =
                index(
                        List.of(
                                policy(
                                        "a",
                                        null,
                                        "tool",
                                        "^echo$",
                                        "allow",
                                        0,
                                        ROLE_DEV + "," + GROUP_BLUE + "," + USER_ALICE)));
        assertThat(index.view(ALICE, "t").decide(ResourceType.TOOL, "echo").policyId())
                .isEqualTo("a");
    }

    private static PolicyIndex index(List<String> policies) {
        List<Policy> parsed = new ArrayList<>();
        policies.forEach(p -> parsed.add(Policies.of(p)));
        return new PolicyIndex(parsed);
    }
}
