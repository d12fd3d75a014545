package io.reflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reflow.e2e.crd.MCPInstance;
import io.reflow.e2e.crd.MCPInstanceSpec;
import io.reflow.testing.cluster.KubectlDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The installed kubectl lists MCPInstances on the embedded API server once discovery is stubbed,
 * and the committed CRD installs there; MCPInstances are written with the types generated from that
 * CRD.
 */
class KubectlOnEmbeddedApiServerMockTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubectlDiscovery.startApiServer();
        client = server.createClient();
        EmbeddedCluster.installCrds(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void kubectlGetListsMcpInstancesByPluralAndShortName() throws Exception {
        MCPInstance instance = new MCPInstance();
        instance.getMetadata().setName("everything-0123456789");
        MCPInstanceSpec spec = new MCPInstanceSpec();
        spec.setImage("registry.invalid/mcp:1");
        spec.setTargetName("everything");
        spec.setSubjectKey("user:abc");
        spec.setPort(8080L);
        instance.setSpec(spec);
        client.resources(MCPInstance.class).inNamespace("ns1").resource(instance).create();
        Path kubeconfig = Files.createTempFile("kubeconfig-", ".yaml");
        Files.writeString(
                kubeconfig,
                """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "http://%s:%d"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """
                        .formatted(server.getHostName(), server.getPort()));
        ClusterProvider provider = new KubeconfigOnly(kubeconfig);
        Kubectl kubectl = Kubectl.forCluster(provider);

        assertThat(kubectl.run("get", "mcpinstances", "-n", "ns1"))
                .contains("NAME")
                .contains("everything-0123456789");
        assertThat(kubectl.run("get", "mcpi", "-n", "ns1", "-o", "name"))
                .contains("mcpinstance.mcp.reflow.io/everything-0123456789");
        Files.deleteIfExists(kubeconfig);
    }

    /** Just enough of a provider for {@link Kubectl}. */
    private record KubeconfigOnly(Path file) implements ClusterProvider {
        @Override
        public String name() {
            return "embedded API server";
        }

        @Override
        public KubernetesClient client() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String namespace() {
            return "ns1";
        }

        @Override
        public RunningProduct product() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String serverImage() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int serverPort() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<Path> kubeconfig() {
            return java.util.Optional.of(file);
        }

        @Override
        public void close() {}
    }
}
