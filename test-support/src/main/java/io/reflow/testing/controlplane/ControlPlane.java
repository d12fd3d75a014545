package io.reflow.testing.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * A real Kubernetes control plane on this machine: etcd, kube-apiserver (RBAC and Node
 * authorization, the default admission plugins with PodSecurity and NodeRestriction, ServiceAccount
 * tokens signed with a key made for this cluster), kube-controller-manager (garbage collector,
 * namespace and ServiceAccount controllers) and kube-scheduler, built from the Go module proxy.
 *
 * <p>Service ClusterIPs come from a loopback range ({@code 127.N.0.0/16}, N random per cluster) so
 * the {@link NodeStandIn}'s service network can bind them on this machine. There is no kubelet,
 * container runtime or CNI: {@link NodeStandIn} stands in for one node.
 *
 * <p>One cluster per test JVM: {@link #shared()}. Every process runs under a watchdog tied to this
 * JVM ({@link ChildProcess}), so nothing outlives the test run.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());

    /** Name of the node {@link NodeStandIn} registers. */
    public static final String NODE_NAME = "reflow-node";

    private static final int START_ATTEMPTS = 4;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private static ControlPlane shared;

    private final Path binaries;
    private final Path dir;
    private final String adminToken;
    private final String nodeToken;
    private final String serviceCidr;
    private final List<ChildProcess> processes = new ArrayList<>();
    private final Duration startupTime;
    private URI apiServer;
    private String caCertificate;
    private KubernetesClient admin;
    private NodeStandIn node;

    private ControlPlane(Path binaries) {
        this.binaries = binaries;
        this.adminToken = randomToken();
        this.nodeToken = randomToken();
        this.serviceCidr = "127." + ThreadLocalRandom.current().nextInt(64, 128) + ".0.0/16";
        try {
            this.dir = Files.createTempDirectory("reflow-control-plane-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant started = Instant.now();
        try {
            start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.startupTime = Duration.between(started, Instant.now());
        LOG.info(
                "control plane ready in "
                        + startupTime.toMillis()
                        + " ms: "
                        + apiServer
                        + ", services "
                        + serviceCidr);
    }

    /**
     * The cluster of this JVM, started on first use and stopped when the JVM exits. Fails when the
     * binaries cannot be had; tests check {@link ControlPlaneBinaries#locate()} first (see {@code
     * RequiresControlPlane}).
     */
    public static synchronized ControlPlane shared() {
        if (shared == null) {
            shared = new ControlPlane(ControlPlaneBinaries.require());
            ControlPlane cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "control-plane-stop"));
        }
        return shared;
    }

    /**
     * {@link #shared()}, or skips the calling test with the reason where the control plane cannot
     * run here (a failure in CI, as {@link RequiresControlPlane} has it).
     */
    public static ControlPlane sharedOrSkip() {
        ControlPlaneBinaries.Result binaries = ControlPlaneBinaries.locate();
        if (binaries.dir().isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(
                        "CI needs the real control plane, but " + binaries.whyMissing());
            }
            org.junit.jupiter.api.Assumptions.abort(
                    "no real control plane on this machine: " + binaries.whyMissing());
        }
        return shared();
    }

    /** How long start-up took, from the first process to a ready API server and controllers. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The API server's URL, {@code https://127.0.0.1:PORT}. */
    public URI apiServer() {
        return apiServer;
    }

    /** The ClusterIP range, a loopback CIDR. */
    public String serviceCidr() {
        return serviceCidr;
    }

    /** Path of a control-plane binary, e.g. {@code kubectl}. */
    public Path binary(String name) {
        return binaries.resolve(name);
    }

    /** The cluster-admin client of this cluster (closed with it; do not close it). */
    public KubernetesClient admin() {
        return admin;
    }

    /** A new cluster-admin client; the caller closes it. */
    public KubernetesClient newAdminClient() {
        return newClient(adminToken);
    }

    /** A new client that authenticates with {@code bearerToken}; the caller closes it. */
    public KubernetesClient newClient(String bearerToken) {
        return new KubernetesClientBuilder().withConfig(config(bearerToken, null)).build();
    }

    /** The client configuration for {@code bearerToken}, default namespace {@code namespace}. */
    public Config config(String bearerToken, String namespace) {
        ConfigBuilder builder =
                new ConfigBuilder(Config.empty())
                        .withMasterUrl(apiServer.toString())
                        .withCaCertData(
                                Base64.getEncoder()
                                        .encodeToString(
                                                caCertificate.getBytes(StandardCharsets.UTF_8)))
                        .withOauthToken(bearerToken)
                        .withRequestTimeout(30_000)
                        .withConnectionTimeout(10_000);
        if (namespace != null) {
            builder.withNamespace(namespace);
        }
        return builder.build();
    }

    /** A kubeconfig file for cluster admin, default namespace {@code namespace}. */
    public Path adminKubeconfig(String namespace) {
        return kubeconfig("admin", adminToken, namespace);
    }

    /** A kubeconfig file that authenticates with {@code bearerToken}. */
    public Path kubeconfig(String user, String bearerToken, String namespace) {
        return Kubeconfigs.write(
                dir,
                apiServer,
                caCertificate,
                user,
                bearerToken,
                namespace == null ? "default" : namespace);
    }

    /**
     * A token of ServiceAccount {@code namespace/name} from the TokenRequest API, as a Pod with
     * that ServiceAccount gets one.
     */
    public String serviceAccountToken(String namespace, String name) {
        TokenRequest request =
                new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build();
        return admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(name)
                .tokenRequest(request)
                .getStatus()
                .getToken();
    }

    /**
     * Creates a namespace named {@code prefix-<random>} with {@code labels} and waits until its
     * {@code default} ServiceAccount exists (Pods cannot be admitted before).
     */
    public String createNamespace(String prefix, Map<String, String> labels) {
        String name = prefix + "-" + HexFormat.of().toHexDigits((short) randomShort());
        admin.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withLabels(labels)
                                .endMetadata()
                                .build())
                .create();
        Waiting.until(
                Duration.ofSeconds(60),
                "the default ServiceAccount of namespace " + name,
                () -> admin.serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    /**
     * A namespace labelled {@code pod-security.kubernetes.io/enforce=restricted}, as the product's
     * install docs ask for the instance namespace.
     */
    public String createRestrictedNamespace(String prefix) {
        return createNamespace(prefix, Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    }

    /** The node stand-in of this cluster, registered on first use. */
    public synchronized NodeStandIn node() {
        if (node == null) {
            node = NodeStandIn.register(newClient(nodeToken), NODE_NAME);
            NodeTaints.removeNotReady(admin, NODE_NAME);
        }
        return node;
    }

    @Override
    public synchronized void close() {
        if (node != null) {
            node.close();
            node = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.fine("cannot delete " + root + ": " + e.getMessage());
        }
    }

    private void start() {
        Path certs = createDir("pki");
        ServiceAccountKeys keys = ServiceAccountKeys.generate(certs);
        Path tokens = certs.resolve("tokens.csv");
        write(
                tokens,
                adminToken
                        + ",reflow-admin,reflow-admin,\"system:masters\"\n"
                        + nodeToken
                        + ",system:node:"
                        + NODE_NAME
                        + ",system:node:"
                        + NODE_NAME
                        + ",\"system:nodes\"\n");
        int etcdPort = startWithFreePort("etcd", port -> startEtcd(port, createDir("etcd")));
        int apiPort =
                startWithFreePort(
                        "kube-apiserver",
                        port -> startApiServer(port, etcdPort, certs, keys, tokens));
        apiServer = URI.create("https://127.0.0.1:" + apiPort);
        admin = newAdminClient();
        Path kubeconfig = adminKubeconfig("default");
        ProjectCrds.apply(binary("kubectl"), kubeconfig);
        processes.add(
                ChildProcess.start(
                        "kube-controller-manager",
                        dir,
                        List.of(
                                binary("kube-controller-manager").toString(),
                                "--kubeconfig=" + kubeconfig,
                                "--authentication-kubeconfig=" + kubeconfig,
                                "--authorization-kubeconfig=" + kubeconfig,
                                "--controllers=garbage-collector-controller,namespace-controller,"
                                        + "serviceaccount-controller",
                                "--leader-elect=false",
                                "--secure-port=0",
                                "--concurrent-gc-syncs=20",
                                "--concurrent-namespace-syncs=10",
                                "--v=1")));
        processes.add(
                ChildProcess.start(
                        "kube-scheduler",
                        dir,
                        List.of(
                                binary("kube-scheduler").toString(),
                                "--kubeconfig=" + kubeconfig,
                                "--authentication-kubeconfig=" + kubeconfig,
                                "--authorization-kubeconfig=" + kubeconfig,
                                "--leader-elect=false",
                                "--secure-port=0",
                                "--v=1")));
        Waiting.until(
                READY_TIMEOUT,
                "the controller manager (default ServiceAccount in namespace default)",
                () -> {
                    assertRunning();
                    return admin.serviceAccounts().inNamespace("default").withName("default").get()
                            != null;
                });
    }

    /** A started process that listens on a port; null when the port was taken meanwhile. */
    private interface PortStart {
        ChildProcess start(int port);
    }

    private int startWithFreePort(String name, PortStart starter) {
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.belowEphemeralRange();
            ChildProcess process = starter.start(port);
            if (process != null) {
                processes.add(process);
                return port;
            }
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException(
                        name + " could not bind a port in " + START_ATTEMPTS + " attempts");
            }
        }
    }

    private ChildProcess startEtcd(int port, Path data) {
        String client = "http://127.0.0.1:" + port;
        ChildProcess etcd =
                ChildProcess.start(
                        "etcd",
                        dir,
                        List.of(
                                binary("etcd").toString(),
                                "--data-dir=" + data,
                                "--listen-client-urls=" + client,
                                "--advertise-client-urls=" + client,
                                // No peers: a single member listens for them on a port it never
                                // uses, so a Unix socket avoids taking a TCP port.
                                "--listen-peer-urls=unix://" + dir.resolve("etcd-peer.sock"),
                                "--initial-advertise-peer-urls=http://127.0.0.1:1",
                                "--initial-cluster=default=http://127.0.0.1:1",
                                // Test data: losing it on a power cut is fine, fsync is not needed.
                                "--unsafe-no-fsync=true",
                                "--quota-backend-bytes=4294967296",
                                "--log-level=warn"));
        return awaitListening(etcd, URI.create(client + "/health"), null, "\"health\":\"true\"");
    }

    private ChildProcess startApiServer(
            int port, int etcdPort, Path certs, ServiceAccountKeys keys, Path tokens) {
        ChildProcess apiServer =
                ChildProcess.start(
                        "kube-apiserver",
                        dir,
                        List.of(
                                binary("kube-apiserver").toString(),
                                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                                "--bind-address=127.0.0.1",
                                "--advertise-address=127.0.0.1",
                                "--secure-port=" + port,
                                "--cert-dir=" + certs,
                                "--token-auth-file=" + tokens,
                                "--authorization-mode=Node,RBAC",
                                "--enable-admission-plugins=NodeRestriction",
                                "--service-account-issuer=https://kubernetes.default.svc",
                                "--service-account-key-file=" + keys.publicKey(),
                                "--service-account-signing-key-file=" + keys.privateKey(),
                                "--service-cluster-ip-range=" + serviceCidr,
                                // The API server's own Endpoints would hold a loopback address,
                                // which the API rejects: nothing here needs them.
                                "--endpoint-reconciler-type=none",
                                "--profiling=false",
                                "--v=1"));
        Path certificate = certs.resolve("apiserver.crt");
        return awaitListening(
                apiServer, URI.create("https://127.0.0.1:" + port + "/readyz"), certificate, "ok");
    }

    /**
     * Waits until {@code process} answers {@code probe} with {@code expected}; null when it exited
     * because its port was taken, so the caller tries another port.
     */
    private ChildProcess awaitListening(
            ChildProcess process, URI probe, Path certificate, String expected) {
        HealthProbe health = new HealthProbe(probe, adminToken);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                if (process.printed("address already in use")) {
                    return null;
                }
                throw new IllegalStateException(
                        process + " exited during start-up:\n" + process.tail(40));
            }
            if (certificate != null && caCertificate == null && Files.isRegularFile(certificate)) {
                caCertificate = read(certificate);
            }
            if (health.answers(expected, caCertificate)) {
                return process;
            }
            Waiting.pause();
        }
        process.close();
        throw new IllegalStateException(
                process + " was not ready within " + READY_TIMEOUT + ":\n" + process.tail(40));
    }

    private void assertRunning() {
        for (ChildProcess process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process + " exited:\n" + process.tail(40));
            }
        }
    }

    private Path createDir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static int randomShort() {
        return ThreadLocalRandom.current().nextInt(0, 1 << 16);
    }
}
