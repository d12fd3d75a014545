package io.reflow.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.gateway.access.Effect;
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.access.PolicyRefusedException;
import io.reflow.gateway.access.PolicySubject;
import io.reflow.gateway.access.ResourceType;
import io.reflow.mcp.api.MCPAccessPolicy;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster policy store against the real API server (the CRD's schema validation and
 * defaults, real watches), two replicas each with the gateway's own ServiceAccount token bound to
 * the Role of {@code config/gateway/role.yaml}; the admin client plays kubectl.
 */
@RequiresControlPlane
class KubernetesPolicyStoreControlPlaneTest {

    private TestNamespace namespace;
    private String ns;
    private KubernetesClient admin;
    private KubernetesPolicyStore a;
    private KubernetesPolicyStore b;

    @BeforeEach
    void start() {
        namespace = TestNamespace.create("policy-store");
        ns = namespace.name();
        admin = namespace.admin();
        a = KubernetesPolicyStore.start(namespace.gatewayClient(), ns);
        b = KubernetesPolicyStore.start(namespace.gatewayClient(), ns);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        namespace.close();
    }

    private static Policy policy(String id, Effect effect, String pattern) {
        return new Policy(
                id,
                "name of " + id,
                "",
                "everything",
                ResourceType.TOOL,
                pattern,
                effect,
                5,
                true,
                List.of(
                        new PolicySubject(PolicySubject.Type.ROLE, "dev"),
                        new PolicySubject(PolicySubject.Type.EVERYONE, "")),
                false);
    }

    @Test
    void aWriteOfOneReplicaReachesTheOtherByItsWatch() {
        Policy echo = policy("echo-only", Effect.ALLOW, "^echo$");
        a.create(echo);
        // The writer sees its own write at once; the other replica by its watch.
        assertThat(a.list()).containsExactly(echo);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.list().contains(echo));

        Policy denied = policy("echo-only", Effect.DENY, "^echo$");
        b.update(denied);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.list().contains(denied));
        assertThatThrownBy(() -> b.create(denied))
                .isInstanceOfSatisfying(
                        PolicyRefusedException.class, e -> assertThat(e.status()).isEqualTo(409));

        a.delete("echo-only");
        assertThat(a.list()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.list().isEmpty());
    }

    @Test
    void aPolicyMadeWithKubectlIsReadWithTheCrdDefaults() {
        admin.resource(
                        admin.getKubernetesSerialization()
                                .unmarshal(
                                        """
                                        apiVersion: mcp.reflow.io/v1alpha1
                                        kind: MCPAccessPolicy
                                        metadata: { name: everyone-all, namespace: %s }
                                        spec:
                                          effect: allow
                                          subjects: [{ subjectType: everyone }]
                                        """
                                                .formatted(ns),
                                        MCPAccessPolicy.class))
                .create();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.list().isEmpty());
        Policy read = a.list().get(0);
        assertThat(read.id()).isEqualTo("everyone-all");
        assertThat(read.resourceType()).isEqualTo(ResourceType.ALL);
        assertThat(read.enabled()).isTrue();
        assertThat(read.priority()).isZero();
        assertThat(read.targetId()).isNull();
    }

    @Test
    void theSampleOfConfigSamplesIsAValidPolicy() throws Exception {
        String sample =
                java.nio.file.Files.readString(
                                TestNamespace.repositoryRoot()
                                        .resolve("config/samples/mcpaccesspolicy.yaml"))
                        .replace("namespace: reflow", "namespace: " + ns);
        admin.resource(admin.getKubernetesSerialization().unmarshal(sample, MCPAccessPolicy.class))
                .create();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.list().isEmpty());
        assertThat(a.list().get(0).resourcePattern()).isEqualTo("^echo$");
    }

    @Test
    void theCrdRefusesBadFieldsAndAPatternThatIsNotRe2IsLeftOut() {
        MCPAccessPolicy bad = PolicyResources.toResource(policy("bad", Effect.ALLOW, ""), ns);
        bad.getSpec().setEffect("maybe");
        assertThatThrownBy(() -> admin.resource(bad).create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("spec.effect");

        MCPAccessPolicy lookaround =
                PolicyResources.toResource(policy("lookaround", Effect.DENY, "(?=x)"), ns);
        admin.resource(lookaround).create();
        a.create(policy("good", Effect.ALLOW, "^echo$"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.list().stream().map(Policy::id).toList().equals(List.of("good")));
    }
}
