package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.reflow.mcp.api.McpResources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy selects the pods the operator creates for MCP instances (by the contract's
 * labels) and admits only the gateway's pods, from the gateway's namespace, on any port.
 */
class NetworkPolicyMockTest {

    private static final Map<String, String> INSTANCE_POD =
            McpResources.instanceLabels(
                    "github", "user:0123456789abcdef", McpResources.MANAGED_BY_OPERATOR);

    @Test
    void selectsInstancePodsAndNothingElseOfTheInstall() {
        Manifests rendered = HelmChart.defaults().render();
        NetworkPolicy policy = rendered.get(NetworkPolicy.class, "reflow-instances");

        assertThat(matches(policy.getSpec().getPodSelector(), INSTANCE_POD)).isTrue();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Map<String, String> labels =
                    deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(matches(policy.getSpec().getPodSelector(), labels))
                    .as(deployment.getMetadata().getName())
                    .isFalse();
        }
        Map<String, String> gatewayCreated = new HashMap<>(INSTANCE_POD);
        gatewayCreated.put(McpResources.LABEL_MANAGED_BY, McpResources.MANAGED_BY_GATEWAY);
        assertThat(matches(policy.getSpec().getPodSelector(), gatewayCreated)).isFalse();
    }

    @Test
    void admitsOnlyGatewayPodsOnAnyPort() {
        Manifests rendered = HelmChart.defaults().set("instanceNamespace", "reflow").render();
        NetworkPolicy policy = rendered.get(NetworkPolicy.class, "reflow-instances");
        Map<String, String> gateway = podLabels(rendered, "reflow-gateway");
        Map<String, String> operator = podLabels(rendered, "reflow-operator");
        Map<String, String> gatewayNamespace =
                Map.of("kubernetes.io/metadata.name", HelmChart.NAMESPACE);

        assertThat(policy.getMetadata().getNamespace()).isEqualTo("reflow");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        assertThat(rule.getPorts()).isNullOrEmpty();
        assertThat(admits(rule, gatewayNamespace, gateway)).isTrue();
        assertThat(admits(rule, gatewayNamespace, operator)).isFalse();
        assertThat(admits(rule, Map.of("kubernetes.io/metadata.name", "reflow"), INSTANCE_POD))
                .isFalse();
        assertThat(admits(rule, Map.of("kubernetes.io/metadata.name", "elsewhere"), gateway))
                .isFalse();
    }

    @Test
    void canBeTurnedOff() {
        Manifests rendered = HelmChart.defaults().set("networkPolicy.enabled", false).render();

        assertThat(rendered.all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void optionallyLimitsInstanceEgressToDnsAndTheListedPeers() {
        Manifests rendered =
                HelmChart.defaults().set("networkPolicy.egress.enabled", true).render();
        NetworkPolicy egress = rendered.get(NetworkPolicy.class, "reflow-instances-egress");

        assertThat(matches(egress.getSpec().getPodSelector(), INSTANCE_POD)).isTrue();
        assertThat(egress.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(egress.getSpec().getEgress().get(0).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsOnly(53);
        assertThat(egress.getSpec().getEgress().get(1).getTo().get(0).getIpBlock().getExcept())
                .contains("10.0.0.0/8");
        assertThat(
                        HelmChart.defaults()
                                .render()
                                .find(NetworkPolicy.class, "reflow-instances-egress"))
                .isEmpty();
    }

    private static Map<String, String> podLabels(Manifests rendered, String deployment) {
        return rendered.get(Deployment.class, deployment)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
    }

    private static boolean admits(
            NetworkPolicyIngressRule rule, Map<String, String> namespace, Map<String, String> pod) {
        for (NetworkPolicyPeer peer : rule.getFrom()) {
            boolean namespaceOk =
                    peer.getNamespaceSelector() != null
                            && matches(peer.getNamespaceSelector(), namespace);
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod);
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    /** Label selector semantics for matchLabels and the Exists/In/NotIn/DoesNotExist operators. */
    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> required =
                selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        for (LabelSelectorRequirement expression : expressions) {
            String value = labels.get(expression.getKey());
            boolean ok =
                    switch (expression.getOperator()) {
                        case "Exists" -> value != null;
                        case "DoesNotExist" -> value == null;
                        case "In" -> value != null && expression.getValues().contains(value);
                        case "NotIn" -> value == null || !expression.getValues().contains(value);
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown operator " + expression.getOperator());
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
