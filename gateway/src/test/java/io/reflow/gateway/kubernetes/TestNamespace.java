package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.testing.RepositoryRoot;
import io.reflow.testing.controlplane.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's own namespace on the shared real control plane ({@link ControlPlane#shared()}): the
 * CRDs installed, the restricted Pod Security Standard enforced as the install docs ask, and the
 * gateway's ServiceAccount bound to the Role {@code config/gateway/role.yaml} grants, so a test can
 * run the gateway with exactly the permissions an installation gives it. Deleting the namespace at
 * the end lets the real namespace controller and garbage collector clean up.
 */
public final class TestNamespace implements AutoCloseable {

    /** Name of the gateway's ServiceAccount and Role, as in {@code config/gateway/}. */
    public static final String GATEWAY = "reflow-gateway";

    private final ControlPlane cluster;
    private final String name;
    private final List<KubernetesClient> clients = new ArrayList<>();

    private TestNamespace(ControlPlane cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    /** A fresh namespace named {@code prefix-<random>} with the gateway's RBAC in it. */
    public static TestNamespace create(String prefix) {
        ControlPlane cluster = ControlPlane.shared();
        Crds.install(cluster.admin());
        // The node must exist before the first Pod: the scheduler does not retry an
        // unschedulable Pod for minutes unless a node comes.
        cluster.node();
        TestNamespace namespace =
                new TestNamespace(cluster, cluster.createRestrictedNamespace(prefix));
        namespace.grantGatewayRole();
        return namespace;
    }

    /** The namespace's name. */
    public String name() {
        return name;
    }

    /** The cluster. */
    public ControlPlane cluster() {
        return cluster;
    }

    /** The cluster-admin client (do not close it). */
    public KubernetesClient admin() {
        return cluster.admin();
    }

    /**
     * A client with the token of the gateway's ServiceAccount (TokenRequest): what the chart's Role
     * allows, nothing more. Closed with this namespace.
     */
    public KubernetesClient gatewayClient() {
        KubernetesClient client = cluster.newClient(cluster.serviceAccountToken(name, GATEWAY));
        clients.add(client);
        return client;
    }

    /** Runs the Pods of this namespace on the node stand-in, one MCP server process each. */
    public void serve() {
        cluster.node().serve(name);
    }

    /** Whether the API server's authorizer lets the gateway's ServiceAccount do this here. */
    public boolean gatewayMay(String verb, String resource) {
        String group = resource.startsWith("mcp") ? "mcp.reflow.io" : "";
        return cluster.admin()
                .authorization()
                .v1()
                .subjectAccessReview()
                .create(
                        new SubjectAccessReviewBuilder()
                                .withNewSpec()
                                .withUser("system:serviceaccount:" + name + ":" + GATEWAY)
                                .withGroups("system:serviceaccounts")
                                .withNewResourceAttributes()
                                .withNamespace(name)
                                .withVerb(verb)
                                .withGroup(group)
                                .withResource(resource)
                                .endResourceAttributes()
                                .endSpec()
                                .build())
                .getStatus()
                .getAllowed();
    }

    /** Puts the gateway's Role back to what {@code config/gateway/role.yaml} grants. */
    public void resetGatewayRole() {
        Role role = chartRole();
        cluster.admin()
                .rbac()
                .roles()
                .inNamespace(name)
                .withName(role.getMetadata().getName())
                .edit(
                        current -> {
                            current.setRules(role.getRules());
                            return current;
                        });
    }

    private Role chartRole() {
        Role role;
        try (InputStream yaml = Files.newInputStream(repositoryRoot().resolve(ROLE))) {
            role = cluster.admin().rbac().roles().load(yaml).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        role.getMetadata().setNamespace(name);
        return role;
    }

    private void grantGatewayRole() {
        KubernetesClient admin = cluster.admin();
        Role role = chartRole();
        admin.resource(role).create();
        admin.serviceAccounts()
                .inNamespace(name)
                .resource(
                        new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName(GATEWAY)
                                .endMetadata()
                                .build())
                .create();
        admin.rbac()
                .roleBindings()
                .inNamespace(name)
                .resource(
                        new RoleBindingBuilder()
                                .withNewMetadata()
                                .withName(GATEWAY)
                                .endMetadata()
                                .withNewRoleRef()
                                .withApiGroup("rbac.authorization.k8s.io")
                                .withKind("Role")
                                .withName(role.getMetadata().getName())
                                .endRoleRef()
                                .addNewSubject()
                                .withKind("ServiceAccount")
                                .withName(GATEWAY)
                                .withNamespace(name)
                                .endSubject()
                                .build())
                .create();
    }

    private static final Path ROLE = Path.of("config", "gateway", "role.yaml");

    /** The repository root: the build runs tests in the module's directory. */
    static Path repositoryRoot() {
        return RepositoryRoot.require();
    }

    /** Closes the clients handed out and deletes the namespace (without waiting for it). */
    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        try {
            cluster.admin().namespaces().withName(name).delete();
        } catch (KubernetesClientException e) {
            // Best effort: each test has its own namespace, a leftover disturbs none.
        }
    }
}
