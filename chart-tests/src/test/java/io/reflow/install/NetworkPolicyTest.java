package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.reflow.mcp.api.McpResources;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy selects the pods the operator creates for MCP instances (by the contract's
 * labels) and admits only the gateway's pods, from the gateway's namespace, on any port. The
 * optional egress policy never lets an instance reach private, link-local (cloud metadata) or
 * carrier-grade NAT addresses unless a listed peer opens them. Rendered with real Helm.
 */
class NetworkPolicyTest {

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
    void optionallyLimitsInstanceEgressToDnsAndTheInternet() {
        NetworkPolicy egress = egressPolicy(HelmChart.defaults());

        assertThat(matches(egress.getSpec().getPodSelector(), INSTANCE_POD)).isTrue();
        assertThat(egress.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(egress.getSpec().getEgress().get(0).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsOnly(53);
        assertThat(allows(egress, "1.1.1.1")).isTrue();
        assertThat(allows(egress, "2606:4700:4700::1111")).isTrue();
        assertThat(
                        HelmChart.defaults()
                                .render()
                                .find(NetworkPolicy.class, "reflow-instances-egress"))
                .isEmpty();
    }

    @Test
    void restrictedEgressDeniesPrivateLinkLocalAndCarrierGradeNatRanges() {
        NetworkPolicy egress = egressPolicy(HelmChart.defaults());

        assertThat(allows(egress, "169.254.169.254")).as("cloud metadata (IPv4)").isFalse();
        assertThat(allows(egress, "fd00:ec2::254")).as("cloud metadata (IPv6)").isFalse();
        assertThat(allows(egress, "fe80::1")).as("IPv6 link-local").isFalse();
        assertThat(allows(egress, "100.100.100.200")).as("carrier-grade NAT").isFalse();
        assertThat(allows(egress, "100.64.0.1")).as("carrier-grade NAT").isFalse();
        assertThat(allows(egress, "10.96.0.1")).as("cluster services").isFalse();
        assertThat(allows(egress, "192.168.1.1")).isFalse();
    }

    @Test
    void aListedPeerOpensOnlyItsPartOfABlockedRange() {
        NetworkPolicy egress =
                egressPolicy(
                        HelmChart.defaults()
                                .set("networkPolicy.egress.to[0].ipBlock.cidr", "10.20.0.0/16"));

        assertThat(allows(egress, "10.20.3.4")).isTrue();
        assertThat(allows(egress, "10.21.3.4")).isFalse();
        assertThat(allows(egress, "169.254.169.254")).isFalse();
    }

    @Test
    void internetRuleCanBeTurnedOffLeavingDnsAndTheListedPeers() {
        NetworkPolicy egress =
                egressPolicy(
                        HelmChart.defaults()
                                .set("networkPolicy.egress.internet", false)
                                .set("networkPolicy.egress.to[0].ipBlock.cidr", "203.0.113.0/24"));

        assertThat(allows(egress, "1.1.1.1")).isFalse();
        assertThat(allows(egress, "203.0.113.7")).isTrue();
        assertThat(egress.getSpec().getEgress().get(0).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsOnly(53);
    }

    private static NetworkPolicy egressPolicy(HelmChart chart) {
        return chart.set("networkPolicy.egress.enabled", true)
                .render()
                .get(NetworkPolicy.class, "reflow-instances-egress");
    }

    /** Whether any ipBlock of any egress rule lets a pod reach {@code ip} (on some port). */
    private static boolean allows(NetworkPolicy policy, String ip) {
        return policy.getSpec().getEgress().stream()
                .flatMap(rule -> rule.getTo().stream())
                .map(NetworkPolicyPeer::getIpBlock)
                .filter(Objects::nonNull)
                .anyMatch(
                        block ->
                                Cidr.contains(block.getCidr(), ip)
                                        && (block.getExcept() == null
                                                || block.getExcept().stream()
                                                        .noneMatch(
                                                                except ->
                                                                        Cidr.contains(
                                                                                except, ip))));
    }

    /** CIDR membership for IPv4 and IPv6 literals. */
    private static final class Cidr {
        static boolean contains(String cidr, String ip) {
            String[] parts = cidr.split("/");
            byte[] network = address(parts[0]);
            byte[] candidate = address(ip);
            if (network.length != candidate.length) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        private static byte[] address(String literal) {
            try {
                return InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }
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
