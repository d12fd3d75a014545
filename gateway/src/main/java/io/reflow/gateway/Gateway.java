package io.reflow.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.reflow.gateway.access.FilePolicyStore;
import io.reflow.gateway.access.PolicyCatalog;
import io.reflow.gateway.access.PolicyStore;
import io.reflow.gateway.audit.AuditLog;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.crypto.DataKey;
import io.reflow.gateway.instances.Instances;
import io.reflow.gateway.kubernetes.KubernetesClients;
import io.reflow.gateway.kubernetes.KubernetesPolicyStore;
import io.reflow.gateway.kubernetes.KubernetesTargetStore;
import io.reflow.gateway.kubernetes.KubernetesTransport;
import io.reflow.gateway.proxy.SessionTokens;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.stdio.StdioTransport;
import io.reflow.gateway.target.FileTargetStore;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.target.TargetStore;
import io.reflow.gateway.tracing.Tracing;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * One running gateway: the target store, the optional Kubernetes transport, and the web server with
 * {@code /mcp}, {@code /mcp/{target}}, {@code /api/targets}, {@code /health} and Helidon's observe
 * endpoints. Wired by hand from the config.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final WebServer server;
    private final TargetStore store;
    private final KubernetesTransport transport;
    private final KubernetesClient ownedClient;
    private final UpstreamClient httpClient;
    private final StdioTransport stdio;
    private final Access access;
    private final Instances instances;
    private final Tracing tracing;

    /** Policies and the audit trail, opened at start and closed with the gateway. */
    private record Access(PolicyCatalog policies, PolicyStore store, AuditLog audit) {}

    private Gateway(
            WebServer server,
            TargetStore store,
            KubernetesTransport transport,
            KubernetesClient ownedClient,
            UpstreamClient httpClient,
            StdioTransport stdio,
            Access access,
            Instances instances,
            Tracing tracing) {
        this.server = server;
        this.tracing = tracing;
        this.access = access;
        this.store = store;
        this.transport = transport;
        this.ownedClient = ownedClient;
        this.httpClient = httpClient;
        this.stdio = stdio;
        this.instances = instances;
    }

    /** Starts a gateway; a Kubernetes client is built from the config when one is needed. */
    public static Gateway start(GatewayConfig config) {
        return start(config, null);
    }

    /** Starts a gateway using {@code client} (may be null) for everything Kubernetes. */
    public static Gateway start(GatewayConfig config, KubernetesClient client) {
        return start(config, client, System.getenv(), Clock.systemUTC());
    }

    /**
     * Starts a gateway whose stdio processes may inherit the allowed part of {@code environment}
     * (the gateway's own) and whose process lifecycle and session expiry follow {@code clock}.
     */
    public static Gateway start(
            GatewayConfig config,
            KubernetesClient client,
            Map<String, String> environment,
            Clock clock) {
        FreePort.ensure(config.server().host(), config.server().port());
        prepareHelidonRegistryInBackground();
        LOG.info("starting with " + config);
        KubernetesClient owned = client == null ? ownedClient(config) : null;
        KubernetesClient kube = client != null ? client : owned;
        TargetStore store = openStore(config, kube);
        Tracing tracing = Tracing.start(config.tracing());
        KubernetesTransport transport =
                config.kubernetes().enabled()
                        ? KubernetesTransport.start(config.kubernetes(), kube, store, tracing)
                        : null;
        UpstreamClient httpClient =
                new UpstreamClient(
                        config.server().connectTimeout(), config.server().writeTimeout());
        TargetCatalog catalog = new TargetCatalog(config.targets(), store);
        String sessionKey = sessionKey(config);
        SessionTokens sessions = new SessionTokens(sessionKey, config.session().timeout(), clock);
        // /mcp calls this gateway's own /mcp/{target}; its address is known once it listens.
        AtomicReference<URI> self = new AtomicReference<>();
        StdioTransport stdio =
                StdioTransport.start(
                        config.stdio(), config.server(), catalog, sessions, environment, clock);
        Access access = openAccess(config, kube);
        Instances instances = instances(stdio, transport);
        GatewayRoutes routes =
                new GatewayRoutes(
                        config,
                        catalog,
                        sessions,
                        transport,
                        stdio,
                        httpClient,
                        sessionKey,
                        self::get,
                        access.policies(),
                        access.audit(),
                        instances,
                        tracing,
                        clock);
        WebServer server = listen(config, routes, transport);
        Gateway gateway =
                running(
                        new Gateway(
                                server,
                                store,
                                transport,
                                owned,
                                httpClient,
                                stdio,
                                access,
                                instances,
                                tracing),
                        config);
        self.set(gateway.baseUri());
        return gateway;
    }

    /** Starts the web server with {@code routes}; it may have failed to bind. */
    private static WebServer listen(
            GatewayConfig config, GatewayRoutes routes, KubernetesTransport transport) {
        return WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                // Small SSE events must leave at once, not wait for the client's ACK.
                .connectionOptions(options -> options.tcpNoDelay(true))
                // A header value with CR/LF fails the response instead of splitting it.
                .addProtocol(Http1Config.builder().validateResponseHeaders(true).build())
                .routing(routes::register)
                // The features are the ones added here; looking for more on the class path only
                // costs start-up.
                .featuresDiscoverServices(false)
                .addFeature(observe(transport))
                .build()
                .start();
    }

    /** {@code gateway} if its server listens; else closes it and says so. */
    private static Gateway running(Gateway gateway, GatewayConfig config) {
        if (!gateway.server.isRunning()) {
            // Taken between the check and the bind, say; the web server logged why.
            gateway.close();
            throw cannotListen(config);
        }
        return gateway;
    }

    /** A client built from the config when anything needs one, else null. */
    private static KubernetesClient ownedClient(GatewayConfig config) {
        boolean needsClient =
                config.kubernetes().enabled()
                        || config.store().kind() == GatewayConfig.StoreKind.KUBERNETES;
        return needsClient ? KubernetesClients.create(config.kubernetes()) : null;
    }

    private static IllegalStateException cannotListen(GatewayConfig config) {
        return new IllegalStateException(
                "cannot listen on "
                        + config.server().host()
                        + ":"
                        + config.server().port()
                        + "; the log above says why");
    }

    /**
     * Helidon builds its global service registry on the first request with a body (it reads {@code
     * Content-Length} through the global mappers), which would make that request wait for the
     * discovery of every service on the class path. Building it on a virtual thread now uses the
     * time start-up spends elsewhere.
     */
    private static void prepareHelidonRegistryInBackground() {
        Thread.ofVirtual().name("helidon-registry-init").start(GlobalServiceRegistry::registry);
    }

    /** The running servers of every transport, for the instances API. */
    private static Instances instances(StdioTransport stdio, KubernetesTransport transport) {
        return new Instances(
                transport == null
                        ? List.of(stdio.instances())
                        : List.of(stdio.instances(), transport.instances()));
    }

    private static TargetStore openStore(GatewayConfig config, KubernetesClient client) {
        if (config.store().kind() == GatewayConfig.StoreKind.KUBERNETES) {
            return KubernetesTargetStore.start(client, config.kubernetes().namespace());
        }
        byte[] key = config.encryption().key();
        if (key == null) {
            key = DataKey.loadOrCreate(config.store().path());
        }
        return FileTargetStore.open(config.store().path(), key);
    }

    private static Access openAccess(GatewayConfig config, KubernetesClient kube) {
        PolicyStore store =
                config.store().kind() == GatewayConfig.StoreKind.FILE
                        ? FilePolicyStore.open(config.store().path())
                        : KubernetesPolicyStore.start(kube, config.kubernetes().namespace());
        PolicyCatalog policies = new PolicyCatalog(config.policies(), store);
        if (policies.index().isEmpty()) {
            LOG.warning(
                    "no access policy is defined: every authenticated caller may use every target"
                            + " and item until a policy is added");
        }
        return new Access(policies, store, new AuditLog(config.audit()));
    }

    private static String sessionKey(GatewayConfig config) {
        if (!config.session().key().isEmpty()) {
            return config.session().key();
        }
        LOG.warning(
                "session.key is not set: using a random key, so sessions work on this replica only"
                        + " and end when it restarts");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static ObserveFeature observe(KubernetesTransport transport) {
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(
                        HealthObserver.builder()
                                .details(true)
                                .useSystemServices(false)
                                .addCheck(
                                        () ->
                                                HealthCheckResponse.builder()
                                                        .status(
                                                                transport == null
                                                                        || transport.isReady())
                                                        .detail(
                                                                "kubernetes",
                                                                transport == null
                                                                        ? "disabled"
                                                                        : "enabled")
                                                        .build(),
                                        HealthCheckType.READINESS,
                                        "kubernetes-transport")
                                .build())
                .build();
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** Base URL of the server, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = server.prototype().host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Stops the server, the transports (with every stdio process) and the store. */
    @Override
    public void close() {
        // Open event streams end first: the server waits for its handlers when it stops.
        instances.close();
        server.stop();
        stdio.close();
        if (transport != null) {
            transport.close();
        }
        store.close();
        access.store().close();
        access.audit().close();
        httpClient.close();
        // After the server: the spans of the last requests are flushed.
        tracing.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
