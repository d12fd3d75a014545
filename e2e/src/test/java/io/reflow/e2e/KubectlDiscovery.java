package io.reflow.e2e;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Discovery documents the embedded API server does not serve but kubectl needs before {@code
 * kubectl get mcpinstances}: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and
 * {@code /apis/mcp.reflow.io/v1alpha1} (each also with kubectl's {@code ?timeout=32s}).
 */
final class KubectlDiscovery {

    private static final String VERSION =
            """
            {"major":"1","minor":"32","gitVersion":"v1.32.0","platform":"linux/amd64"}""";
    private static final String API =
            """
            {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":\
            [{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""";
    private static final String CORE_V1 =
            """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[\
            %s,%s,%s,%s]}"""
                    .formatted(
                            resource("pods", "Pod", "po", true),
                            resource("services", "Service", "svc", true),
                            resource("secrets", "Secret", null, true),
                            resource("namespaces", "Namespace", "ns", false));
    private static final String APIS =
            """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"mcp.reflow.io",\
            "versions":[{"groupVersion":"mcp.reflow.io/v1alpha1","version":"v1alpha1"}],\
            "preferredVersion":{"groupVersion":"mcp.reflow.io/v1alpha1","version":"v1alpha1"}}]}""";
    private static final String REFLOW_V1ALPHA1 =
            """
            {"kind":"APIResourceList","groupVersion":"mcp.reflow.io/v1alpha1","resources":[\
            %s,%s]}"""
                    .formatted(
                            resource("mcpinstances", "MCPInstance", "mcpi", true),
                            resource("mcptargets", "MCPTarget", "mcpt", true));

    private KubectlDiscovery() {}

    /** Adds the discovery answers to {@code server} (a mixed expectations + CRUD server). */
    static void stub(KubernetesMockServer server) {
        answer(server, "/version", VERSION);
        answer(server, "/api", API);
        answer(server, "/api/v1", CORE_V1);
        answer(server, "/apis", APIS);
        answer(server, "/apis/mcp.reflow.io/v1alpha1", REFLOW_V1ALPHA1);
    }

    private static void answer(KubernetesMockServer server, String path, String body) {
        server.expect().get().withPath(path).andReturn(200, body).always();
        server.expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
    }

    private static String resource(String plural, String kind, String shortName, boolean ns) {
        String shortNames = shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]";
        return ("{\"name\":\"%s\",\"singularName\":\"\",\"namespaced\":%s,\"kind\":\"%s\","
                        + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\","
                        + "\"watch\"]%s}")
                .formatted(plural, ns, kind, shortNames);
    }
}
