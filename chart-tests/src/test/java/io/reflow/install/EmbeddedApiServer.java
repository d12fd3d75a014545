package io.reflow.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The embedded API server (fabric8 mock, CRUD mode) that Helm's {@code lookup} talks to while the
 * tests render the chart. Helm resolves {@code lookup} against a cluster even when it only renders;
 * this server answers it, so renders work offline and never reach a real cluster. It stubs only the
 * discovery document Helm reads for core/v1; it has no kubelet, scheduler or garbage collector.
 */
final class EmbeddedApiServer {

    private static final String CORE_V1_DISCOVERY =
            """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
              {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret",
               "verbs":["create","delete","get","list","patch","update","watch"]},
              {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap",
               "verbs":["create","delete","get","list","patch","update","watch"]}]}
            """;

    private static EmbeddedApiServer shared;

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private EmbeddedApiServer(Path kubeconfig) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        for (String path : new String[] {"/api/v1", "/api/v1?timeout=32s"}) {
            server.expect().get().withPath(path).andReturn(200, CORE_V1_DISCOVERY).always();
        }
        client = server.createClient();
        writeKubeconfig(kubeconfig, "http://127.0.0.1:" + server.getPort());
    }

    /**
     * The server shared by all tests of this JVM, started on first use and pointed to by the
     * KUBECONFIG file the build sets for the tests.
     */
    static synchronized EmbeddedApiServer shared() {
        if (shared == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || kubeconfig.isBlank()) {
                throw new IllegalStateException(
                        "KUBECONFIG is not set: run these tests through Maven (chart-tests/pom.xml"
                                + " points KUBECONFIG at the embedded API server)");
            }
            shared = new EmbeddedApiServer(Path.of(kubeconfig));
        }
        return shared;
    }

    /** A client of the embedded API server, for objects a render should find with lookup. */
    KubernetesClient client() {
        return client;
    }

    private static void writeKubeconfig(Path file, String url) {
        String yaml =
                """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: embedded
                    cluster:
                      server: %s
                contexts:
                  - name: embedded
                    context:
                      cluster: embedded
                      user: embedded
                current-context: embedded
                users:
                  - name: embedded
                    user: {}
                """
                        .formatted(url);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
