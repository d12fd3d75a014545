package io.reflow.testing.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;

/**
 * The discovery documents kubectl and Helm read before they touch a resource, which the embedded
 * API server (fabric8 mock, CRUD mode) does not serve by itself: {@code /version}, {@code /api},
 * {@code /apis} and one resource list per group version of every kind this repository installs or
 * creates (each also with kubectl's {@code ?timeout=32s} query).
 */
public final class KubectlDiscovery {

    private static final String VERBS =
            "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
    private static final String VERSION =
            "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\",\"platform\":\"linux/amd64\"}";

    /** A resource kind as discovery lists it. */
    private record Kind(String plural, String kind, String shortName, boolean namespaced) {}

    /** group/version → kinds. */
    private static final Map<String, List<Kind>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put(
                "v1",
                List.of(
                        new Kind("namespaces", "Namespace", "ns", false),
                        new Kind("serviceaccounts", "ServiceAccount", "sa", true),
                        new Kind("secrets", "Secret", null, true),
                        new Kind("configmaps", "ConfigMap", "cm", true),
                        new Kind("services", "Service", "svc", true),
                        new Kind("pods", "Pod", "po", true)));
        RESOURCES.put("apps/v1", List.of(new Kind("deployments", "Deployment", "deploy", true)));
        RESOURCES.put(
                "rbac.authorization.k8s.io/v1",
                List.of(
                        new Kind("roles", "Role", null, true),
                        new Kind("rolebindings", "RoleBinding", null, true)));
        RESOURCES.put(
                "policy/v1",
                List.of(new Kind("poddisruptionbudgets", "PodDisruptionBudget", "pdb", true)));
        RESOURCES.put(
                "networking.k8s.io/v1",
                List.of(
                        new Kind("networkpolicies", "NetworkPolicy", "netpol", true),
                        new Kind("ingresses", "Ingress", "ing", true)));
        RESOURCES.put(
                "apiextensions.k8s.io/v1",
                List.of(
                        new Kind(
                                "customresourcedefinitions",
                                "CustomResourceDefinition",
                                "crd",
                                false)));
        RESOURCES.put(
                "mcp.reflow.io/v1alpha1",
                List.of(
                        new Kind("mcpinstances", "MCPInstance", "mcpi", true),
                        new Kind("mcptargets", "MCPTarget", "mcpt", true)));
    }

    private KubectlDiscovery() {}

    /**
     * Starts an embedded API server on a loopback port that stores objects (CRUD mode) and answers
     * discovery, so kubectl and Helm can talk to it.
     */
    public static KubernetesMockServer startApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        stub(server);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** Adds the discovery answers to a mixed expectations + CRUD server. */
    public static void stub(KubernetesMockServer server) {
        documents()
                .forEach(
                        (path, body) ->
                                server.expect().get().withPath(path).andReturn(200, body).always());
    }

    /** Request path → JSON body of every discovery document, with kubectl's timeout query too. */
    public static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("/version", VERSION);
        documents.put("/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
        documents.put("/apis", groupList());
        RESOURCES.forEach(
                (groupVersion, kinds) -> {
                    String path = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
                    documents.put(path, resourceList(groupVersion, kinds));
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

    private static String resourceList(String groupVersion, List<Kind> kinds) {
        List<String> items = new ArrayList<>();
        for (Kind kind : kinds) {
            String shortNames =
                    kind.shortName() == null
                            ? ""
                            : ",\"shortNames\":[\"" + kind.shortName() + "\"]";
            items.add(
                    "{\"name\":\"%s\",\"singularName\":\"%s\",\"namespaced\":%s,\"kind\":\"%s\",\"verbs\":%s%s}"
                            .formatted(
                                    kind.plural(),
                                    kind.kind().toLowerCase(Locale.ROOT),
                                    kind.namespaced(),
                                    kind.kind(),
                                    VERBS,
                                    shortNames));
        }
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
                + groupVersion
                + "\",\"resources\":["
                + String.join(",", items)
                + "]}";
    }
}
