package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NamesTest {

    private static final Names.Prefixed GITHUB = new Names.Prefixed("github", "github_");
    private static final Names.Prefixed JIRA = new Names.Prefixed("jira", "jira_");
    private static final Names.Prefixed BARE = new Names.Prefixed("bare", "");
    private static final Names.Prefixed GH = new Names.Prefixed("gh", "github_");

    private static Function<Names.Prefixed, Set<String>> lists(
            Map<Names.Prefixed, Set<String>> names) {
        return p -> names.getOrDefault(p, Set.of());
    }

    @Test
    void routesByPrefixWithoutAskingForListsWhenOnlyOneTargetCanOwnAName() {
        Function<Names.Prefixed, Set<String>> never =
                p -> {
                    throw new AssertionError("no list needed");
                };
        assertThat(Names.owner(List.of(GITHUB, JIRA), "jira_search", never))
                .contains(new Names.Owner(JIRA, "search"));
        assertThat(Names.owner(List.of(GITHUB, JIRA), "slack_post", never)).isEmpty();
    }

    @Test
    void anEmptyPrefixSharesNamesWithTheTargetThatListsThem() {
        var names = lists(Map.of(BARE, Set.of("jira_search", "ping"), JIRA, Set.of("create")));
        List<Names.Prefixed> members = List.of(BARE, JIRA);
        // jira lists no "search": the name belongs to bare, which lists "jira_search".
        assertThat(Names.owner(members, "jira_search", names))
                .contains(new Names.Owner(BARE, "jira_search"));
        assertThat(Names.owner(members, "jira_create", names))
                .contains(new Names.Owner(JIRA, "create"));
        assertThat(Names.shadowedBy(members, BARE, "jira_search", names)).isEmpty();
    }

    @Test
    void theLongerPrefixKeepsAClashedNameAndTheOtherItemIsLeftOut() {
        var names = lists(Map.of(BARE, Set.of("jira_create"), JIRA, Set.of("create")));
        List<Names.Prefixed> members = List.of(BARE, JIRA);
        assertThat(Names.shadowedBy(members, BARE, "jira_create", names)).contains(JIRA);
        assertThat(Names.shadowedBy(members, JIRA, "create", names)).isEmpty();
        assertThat(Names.owner(members, "jira_create", names))
                .contains(new Names.Owner(JIRA, "create"));
    }

    @Test
    void betweenEqualPrefixesTheTargetNameThatSortsFirstKeepsIt() {
        var names = lists(Map.of(GH, Set.of("issues"), GITHUB, Set.of("issues")));
        List<Names.Prefixed> members = List.of(GITHUB, GH);
        assertThat(Names.shadowedBy(members, GITHUB, "issues", names)).contains(GH);
        assertThat(Names.owner(members, "github_issues", names))
                .contains(new Names.Owner(GH, "issues"));
    }

    @Test
    void addingATargetNeverRenamesTheToolsOfOthers() {
        Names.Prefixed slack = new Names.Prefixed("slack", "slack_");
        var names = lists(Map.of(GITHUB, Set.of("issues"), slack, Set.of("issues")));
        assertThat(Names.outward(GITHUB, "issues")).isEqualTo("github_issues");
        assertThat(Names.shadowedBy(List.of(GITHUB), GITHUB, "issues", names)).isEmpty();
        assertThat(Names.shadowedBy(List.of(GITHUB, slack), GITHUB, "issues", names)).isEmpty();
        assertThat(Names.owner(List.of(GITHUB, slack), "github_issues", names))
                .contains(new Names.Owner(GITHUB, "issues"));
    }
}
