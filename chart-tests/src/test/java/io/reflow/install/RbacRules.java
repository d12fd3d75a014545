package io.reflow.install;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** RBAC rules flattened to "group/resource" → verbs, so two rule lists compare by meaning. */
final class RbacRules {

    private RbacRules() {}

    /**
     * The permissions a list of rules grants, keyed by {@code group/resource}, with {@code
     * [name,...]} appended when the rule is limited to named objects.
     */
    static Map<String, Set<String>> grants(List<PolicyRule> rules) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    String names =
                            rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                                    ? ""
                                    : "[" + String.join(",", rule.getResourceNames()) + "]";
                    grants.computeIfAbsent(group + "/" + resource + names, k -> new TreeSet<>())
                            .addAll(rule.getVerbs());
                }
            }
        }
        return grants;
    }

    /** Grants from a compact description: {@code "group/resource", "verb verb ..."} pairs. */
    static Map<String, Set<String>> expected(String... pairs) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            grants.put(pairs[i], new TreeSet<>(List.of(pairs[i + 1].split(" "))));
        }
        return grants;
    }

    /** What the operator needs in the instance namespace, and nothing more. */
    static Map<String, Set<String>> operatorInstanceNamespace() {
        return expected(
                "mcp.reflow.io/mcpinstances", "get list watch delete",
                "mcp.reflow.io/mcpinstances/status", "update",
                "/pods", "get list watch create delete",
                "/services", "get list watch create patch delete",
                "/secrets", "list watch",
                "/events", "create");
    }

    /** What the operator needs in its own namespace: its leader-election Lease. */
    static Map<String, Set<String>> operatorLeaderElection() {
        return expected("coordination.k8s.io/leases", "get create patch");
    }

    /** What the gateway needs in the instance namespace. */
    static Map<String, Set<String>> gateway(boolean kubernetesStore) {
        Map<String, Set<String>> grants =
                expected(
                        "mcp.reflow.io/mcpinstances", "create get list watch patch delete",
                        "/configmaps[reflow-instances]", "get",
                        "/secrets", "create get list watch update patch delete");
        if (kubernetesStore) {
            grants.putAll(
                    expected(
                            "mcp.reflow.io/mcptargets",
                            "create get list watch update patch delete",
                            "mcp.reflow.io/mcpaccesspolicies",
                            "create get list watch update patch delete"));
        }
        return grants;
    }
}
