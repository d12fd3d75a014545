package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectKeysTest {

    private static final Identity ALICE =
            new Identity("alice@example.com", "engineer", List.of("sre", "dev"), false);

    static Target target(IsolationBoundary boundary) {
        return new Target(
                "github",
                TransportType.KUBERNETES,
                null,
                "ghcr.io/org/mcp-github:1",
                8080,
                null,
                null,
                null,
                null,
                null,
                boundary,
                null,
                null,
                null,
                false);
    }

    @Test
    void sharedKeyIsTheTargetId() {
        assertThat(SubjectKeys.of(target(IsolationBoundary.SHARED), ALICE))
                .isEqualTo("shared:github");
    }

    @Test
    void perUserKeyHashesTheSubjectAndHoldsNoPlainIdentity() {
        String key = SubjectKeys.of(target(IsolationBoundary.PER_USER), ALICE);

        assertThat(key)
                .isEqualTo(
                        "user:" + McpResources.sha256Hex("user:alice@example.com").substring(0, 32))
                .doesNotContain("alice")
                .matches(McpResources.SUBJECT_KEY_PATTERN);
    }

    @Test
    void jwtUsersNamedLikeTheBuiltInIdentitiesGetInstancesOfTheirOwn() {
        Target perUser = target(IsolationBoundary.PER_USER);
        Identity jwtAdmin = new Identity("admin", "admin", List.of(), true);
        Identity jwtAnonymous = new Identity("anonymous", null, List.of(), false);

        assertThat(SubjectKeys.of(perUser, jwtAdmin))
                .isNotEqualTo(SubjectKeys.of(perUser, Identity.adminToken("admin")));
        assertThat(SubjectKeys.of(perUser, jwtAnonymous))
                .isNotEqualTo(SubjectKeys.of(perUser, Identity.ANONYMOUS));
    }

    @Test
    void missingBoundaryMeansPerUser() {
        assertThat(SubjectKeys.of(target(null), ALICE))
                .isEqualTo(SubjectKeys.of(target(IsolationBoundary.PER_USER), ALICE));
    }

    @Test
    void perRoleKeyHashesTheRole() {
        Identity bob = new Identity("bob", "engineer", List.of(), false);

        assertThat(SubjectKeys.of(target(IsolationBoundary.PER_ROLE), ALICE))
                .isEqualTo(SubjectKeys.of(target(IsolationBoundary.PER_ROLE), bob))
                .isEqualTo("role:" + McpResources.sha256Hex("engineer").substring(0, 32));
    }

    @Test
    void perGroupUsesTheSmallestGroupWhateverTheOrder() {
        Identity reordered = new Identity("carol", null, List.of("sre", "dev"), false);
        Identity sorted = new Identity("dave", null, List.of("dev", "sre"), false);

        assertThat(SubjectKeys.of(target(IsolationBoundary.PER_GROUP), reordered))
                .isEqualTo(SubjectKeys.of(target(IsolationBoundary.PER_GROUP), sorted))
                .isEqualTo("group:" + McpResources.sha256Hex("dev").substring(0, 32));
    }

    @Test
    void perRoleWithoutRoleIsForbiddenNamingTheClaim() {
        Identity noRole = new Identity("erin", null, List.of("dev"), false);

        assertThatThrownBy(() -> SubjectKeys.of(target(IsolationBoundary.PER_ROLE), noRole))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(403))
                .hasMessageContaining("'role' claim")
                .hasMessageContaining("per_role");
    }

    @Test
    void perGroupWithoutGroupsIsForbiddenNamingTheClaim() {
        Identity noGroups = new Identity("frank", "engineer", List.of(), false);

        assertThatThrownBy(() -> SubjectKeys.of(target(IsolationBoundary.PER_GROUP), noGroups))
                .isInstanceOfSatisfying(
                        UpstreamUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(403))
                .hasMessageContaining("'groups' claim");
    }
}
