package io.reflow.install;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery documents for the kinds this repository installs, which the embedded API server does
 * not serve by itself. Helm's lookup reads core/v1; kubectl reads all of them to map kinds.
 */
final class Discovery {

    private static final String VERBS =
            "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";

    /** group/version → {plural, Kind, namespaced}. */
    private static final Map<String, List<String[]>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put(
                "v1",
                List.of(
                        r("namespaces", "Namespace", false),
                        r("serviceaccounts", "ServiceAccount", true),
                        r("secrets", "Secret", true),
                        r("configmaps", "ConfigMap", true),
                        r("services", "Service", true),
                        r("pods", "Pod", true)));
        RESOURCES.put("apps/v1", List.<String[]>of(r("deployments", "Deployment", true)));
        RESOURCES.put(
                "rbac.authorization.k8s.io/v1",
                List.of(r("roles", "Role", true), r("rolebindings", "RoleBinding", true)));
        RESOURCES.put(
                "policy/v1",
                List.<String[]>of(r("poddisruptionbudgets", "PodDisruptionBudget", true)));
        RESOURCES.put(
                "networking.k8s.io/v1",
                List.of(
                        r("networkpolicies", "NetworkPolicy", true),
                        r("ingresses", "Ingress", true)));
        RESOURCES.put(
                "apiextensions.k8s.io/v1",
                List.<String[]>of(
                        r("customresourcedefinitions", "CustomResourceDefinition", false)));
        RESOURCES.put(
                "mcp.reflow.io/v1alpha1",
                List.of(
                        r("mcpinstances", "MCPInstance", true),
                        r("mcptargets", "MCPTarget", true)));
    }

    private Discovery() {}

    /**
     * Request path → JSON body, for every discovery document (with kubectl's timeout query too).
     */
    static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
        documents.put("/apis", groupList());
        RESOURCES.forEach(
                (groupVersion, resources) -> {
                    String path = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
                    documents.put(path, resourceList(groupVersion, resources));
                });
        Map<String, String> withTimeout = new LinkedHashMap<>(documents);
        documents.forEach((path, body) -> withTimeout.put(path + "?timeout=32s", body));
        return withTimeout;
    }

    private static String groupList() {
        List<String> groups = new ArrayList<>();
        for (String groupVersion : RESOURCES.keySet()) {
            if (groupVersion.equals("v1")) {
                continue;
            }
            String group = groupVersion.substring(0, groupVersion.indexOf('/'));
            String version =
                    "{\"groupVersion\":\"%s\",\"version\":\"%s\"}"
                            .formatted(groupVersion, groupVersion.substring(group.length() + 1));
            groups.add(
                    "{\"name\":\"%s\",\"versions\":[%s],\"preferredVersion\":%s}"
                            .formatted(group, version, version));
        }
        return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
                + String.join(",", groups)
                + "]}";
    }

    private static String resourceList(String groupVersion, List<String[]> resources) {
        List<String> items = new ArrayList<>();
        for (String[] resource : resources) {
            items.add(
                    "{\"name\":\"%s\",\"singularName\":\"%s\",\"namespaced\":%s,\"kind\":\"%s\",\"verbs\":%s}"
                            .formatted(
                                    resource[0],
                                    resource[1].toLowerCase(java.util.Locale.ROOT),
                                    resource[2],
                                    resource[1],
                                    VERBS));
        }
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
                + groupVersion
                + "\",\"resources\":["
                + String.join(",", items)
                + "]}";
    }

    private static String[] r(String plural, String kind, boolean namespaced) {
        return new String[] {plural, kind, String.valueOf(namespaced)};
    }
}
