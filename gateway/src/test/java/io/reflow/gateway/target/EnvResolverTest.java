package io.reflow.gateway.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.auth.Identity;
import io.reflow.mcp.api.IsolationBoundary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvResolverTest {

    private static final Identity ALICE =
            new Identity("alice", "engineer", List.of("team-b", "team-a"), false);

    /** Every scope sets KEY; each scope also sets a key of its own. */
    private static final Map<EnvScope, Map<String, String>> CONFIGS =
            Map.of(
                    EnvScope.DEFAULT,
                    Map.of("KEY", "default", "ONLY_DEFAULT", "d"),
                    EnvScope.role("engineer"),
                    Map.of("KEY", "role", "ONLY_ROLE", "r"),
                    EnvScope.group("team-a"),
                    Map.of("KEY", "team-a", "GROUP_KEY", "a"),
                    EnvScope.group("team-b"),
                    Map.of("KEY", "team-b", "GROUP_KEY", "b"),
                    EnvScope.user("alice"),
                    Map.of("KEY", "user", "ONLY_USER", "u"),
                    EnvScope.user("bob"),
                    Map.of("KEY", "bob"));

    @Test
    void perUserTakesEveryScopeWithUserOverGroupOverRoleOverDefault() {
        assertThat(EnvResolver.resolve(CONFIGS, ALICE, IsolationBoundary.PER_USER))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "KEY", "user",
                                "ONLY_DEFAULT", "d",
                                "ONLY_ROLE", "r",
                                "GROUP_KEY", "a",
                                "ONLY_USER", "u"));
    }

    @Test
    void ofSeveralGroupsTheSmallestNameWins() {
        Map<EnvScope, Map<String, String>> groupsOnly =
                Map.of(
                        EnvScope.group("team-a"), Map.of("KEY", "team-a"),
                        EnvScope.group("team-b"), Map.of("KEY", "team-b"));

        assertThat(EnvResolver.resolve(groupsOnly, ALICE, IsolationBoundary.PER_USER))
                .containsExactlyEntriesOf(Map.of("KEY", "team-a"));
    }

    @Test
    void sharedInstancesGetTheDefaultScopeOnly() {
        assertThat(EnvResolver.resolve(CONFIGS, ALICE, IsolationBoundary.SHARED))
                .containsExactlyInAnyOrderEntriesOf(Map.of("KEY", "default", "ONLY_DEFAULT", "d"));
    }

    @Test
    void perRoleInstancesGetDefaultAndRoleButNoGroupOrUserValues() {
        assertThat(EnvResolver.resolve(CONFIGS, ALICE, IsolationBoundary.PER_ROLE))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("KEY", "role", "ONLY_DEFAULT", "d", "ONLY_ROLE", "r"));
    }

    @Test
    void perGroupInstancesGetThePrimaryGroupButNoRoleOrUserValues() {
        assertThat(EnvResolver.resolve(CONFIGS, ALICE, IsolationBoundary.PER_GROUP))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("KEY", "team-a", "ONLY_DEFAULT", "d", "GROUP_KEY", "a"));
    }

    @Test
    void anotherUsersValuesNeverApply() {
        Identity carol = new Identity("carol", null, List.of(), false);

        assertThat(EnvResolver.resolve(CONFIGS, carol, IsolationBoundary.PER_USER))
                .containsExactlyInAnyOrderEntriesOf(Map.of("KEY", "default", "ONLY_DEFAULT", "d"));
    }

    @Test
    void builtInIdentitiesNeverGetTheUserScopeOfAJwtUserOfTheSameName() {
        Map<EnvScope, Map<String, String>> configs =
                Map.of(
                        EnvScope.DEFAULT,
                        Map.of("KEY", "default"),
                        EnvScope.user("admin"),
                        Map.of("KEY", "jwt-admin"),
                        EnvScope.user("anonymous"),
                        Map.of("KEY", "jwt-anonymous"));
        Identity jwtAdmin = new Identity("admin", null, List.of(), false);

        assertThat(EnvResolver.resolve(configs, jwtAdmin, IsolationBoundary.PER_USER))
                .containsExactlyEntriesOf(Map.of("KEY", "jwt-admin"));
        assertThat(
                        EnvResolver.resolve(
                                configs, Identity.adminToken("admin"), IsolationBoundary.PER_USER))
                .containsExactlyEntriesOf(Map.of("KEY", "default"));
        assertThat(EnvResolver.resolve(configs, Identity.ANONYMOUS, IsolationBoundary.PER_USER))
                .containsExactlyEntriesOf(Map.of("KEY", "default"));
    }

    @Test
    void noConfigsResolveToNothing() {
        assertThat(EnvResolver.resolve(Map.of(), ALICE, IsolationBoundary.PER_USER)).isEmpty();
    }
}
