package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import org.junit.jupiter.api.Test;

class SecretPolicyTest {

    private static final MCPInstance BASE = InstancePodTest.BASE;

    /** What the gateway writes: its label and an owner reference to the instance's uid. */
    private static final Secret GATEWAYS =
            new SecretBuilder()
                    .withNewMetadata()
                    .withName("github-0123456789-env")
                    .withNamespace("reflow")
                    .addToLabels(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY)
                    .addNewOwnerReference()
                    .withApiVersion(Owners.API_VERSION)
                    .withKind(Owners.KIND)
                    .withName("github-0123456789")
                    .withUid("uid-1")
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .build();

    @Test
    void acceptsTheSecretTheGatewayMadeForThisInstance() {
        assertThat(SecretPolicy.refusal(BASE, GATEWAYS)).isEmpty();
    }

    @Test
    void acceptsAnInstanceWithoutSecret() {
        MCPInstance none =
                new MCPInstanceBuilder(BASE).editSpec().withSecretName(null).endSpec().build();

        assertThat(SecretPolicy.refusal(none, null)).isEmpty();
    }

    @Test
    void refusesAnyOtherSecretNameNamingTheAllowedOne() {
        MCPInstance other =
                new MCPInstanceBuilder(BASE)
                        .editSpec()
                        .withSecretName("database-credentials")
                        .endSpec()
                        .build();

        assertThat(SecretPolicy.refusal(other, GATEWAYS))
                .hasValueSatisfying(
                        refusal -> {
                            assertThat(refusal.reason()).isEqualTo("SecretNameNotAllowed");
                            assertThat(refusal.message())
                                    .contains("'database-credentials'")
                                    .contains("'github-0123456789-env'");
                            assertThat(refusal.waiting()).isFalse();
                        });
    }

    @Test
    void refusesASecretOwnedByAnotherUidOrWithoutTheGatewayLabel() {
        Secret otherOwner =
                new SecretBuilder(GATEWAYS)
                        .editMetadata()
                        .editFirstOwnerReference()
                        .withUid("uid-of-an-earlier-instance")
                        .endOwnerReference()
                        .endMetadata()
                        .build();
        Secret unlabelled =
                new SecretBuilder(GATEWAYS).editMetadata().withLabels(null).endMetadata().build();

        assertThat(SecretPolicy.refusal(BASE, otherOwner))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("SecretNotOwned"));
        assertThat(SecretPolicy.refusal(BASE, unlabelled))
                .hasValueSatisfying(
                        r -> {
                            assertThat(r.reason()).isEqualTo("SecretNotOwned");
                            assertThat(r.message()).contains("uid-1");
                        });
    }

    @Test
    void waitsForAMissingSecret() {
        assertThat(SecretPolicy.refusal(BASE, null))
                .hasValueSatisfying(
                        refusal -> {
                            assertThat(refusal.reason()).isEqualTo("SecretNotFound");
                            assertThat(refusal.waiting()).isTrue();
                        });
    }
}
