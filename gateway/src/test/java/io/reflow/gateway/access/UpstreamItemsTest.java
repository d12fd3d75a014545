package io.reflow.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.auth.Identity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deciding a target's listed items for one identity, with the rule the proxy applies. */
class UpstreamItemsTest {

    private static final UpstreamItems LISTED =
            new UpstreamItems(
                    List.of("echo", "get-sum", "get-env"),
                    List.of("simple-prompt", "args-prompt"),
                    List.of("demo://resource/static/1", "demo://resource/dynamic/1"),
                    List.of("demo://resource/dynamic/{id}"),
                    false);

    private static final Identity ALICE = new Identity("alice", "dev", List.of("staff"), false);

    @Test
    void keepsOnlyTheItemsThePoliciesAllowInTheirOrder() {
        PolicyIndex index =
                new PolicyIndex(
                        List.of(
                                Policies.of(
                                        """
                                        {"id":"tools","target_id":"t","resource_type":"tool",\
                                        "resource_pattern":"^(echo|get-sum)$","effect":"allow",\
                                        "subjects":[{"subject_type":"role","subject_value":"dev"}]}"""),
                                Policies.of(
                                        """
                                        {"id":"static","target_id":"t","resource_type":"resource",\
                                        "resource_pattern":"^demo://resource/static/","effect":"allow",\
                                        "subjects":[{"subject_type":"group","subject_value":"staff"}]}"""),
                                Policies.of(
                                        """
                                        {"id":"no-sum","target_id":"t","resource_type":"tool",\
                                        "resource_pattern":"^get-sum$","effect":"deny","priority":5,\
                                        "subjects":[{"subject_type":"user","subject_value":"alice"}]}""")));

        UpstreamItems allowed = LISTED.allowedBy(index.view(ALICE, "t"));

        assertThat(allowed.tools()).containsExactly("echo");
        assertThat(allowed.prompts()).isEmpty();
        assertThat(allowed.resources()).containsExactly("demo://resource/static/1");
        assertThat(allowed.templates()).isEmpty();
    }

    @Test
    void anAdminAndAGatewayWithoutPoliciesKeepEverything() {
        PolicyIndex index =
                new PolicyIndex(
                        List.of(
                                Policies.of(
                                        """
                                        {"id":"x","target_id":"t","effect":"deny",\
                                        "subjects":[{"subject_type":"everyone"}]}""")));
        Identity admin = new Identity("root", "admin", List.of(), true);

        assertThat(LISTED.allowedBy(index.view(admin, "t"))).isEqualTo(LISTED);
        assertThat(LISTED.allowedBy(PolicyIndex.EMPTY.view(ALICE, "t"))).isEqualTo(LISTED);
        assertThat(LISTED.allowedBy(index.view(ALICE, "t")).tools()).isEmpty();
    }
}
