package io.reflow.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.reflow.gateway.api.ApiFallbacks;
import io.reflow.gateway.api.InstancesApi;
import io.reflow.gateway.api.MeApi;
import io.reflow.gateway.api.OpenApi;
import io.reflow.gateway.api.TargetsApi;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.crypto.DataKey;
import io.reflow.gateway.instances.Instances;
import io.reflow.gateway.kubernetes.KubernetesClients;
import io.reflow.gateway.kubernetes.KubernetesTargetStore;
import io.reflow.gateway.kubernetes.KubernetesTransport;
import io.reflow.gateway.metrics.MetricRegistry;
import io.reflow.gateway.proxy.HttpUpstreamResolver;
import io.reflow.gateway.proxy.McpProxy;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.proxy.SessionTokens;
import io.reflow.gateway.proxy.UpstreamCall;
import io.reflow.gateway.proxy.UpstreamResolver;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.stdio.StdioTransport;
import io.reflow.gateway.target.FileTargetStore;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.gateway.target.TargetStore;
import io.reflow.gateway.ui.ConsoleAssets;
import io.reflow.gateway.ui.ConsoleService;
import io.reflow.mcp.api.TransportType;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One running gateway: the target store, the optional Kubernetes transport, and the web server with
 * {@code /mcp/{target}}, {@code /api/targets}, {@code /health} and Helidon's observe endpoints.
 * Wired by hand from the config.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final WebServer server;
    private final TargetStore store;
    private final KubernetesTransport transport;
    private final KubernetesClient ownedClient;
    private final UpstreamClient httpClient;
    private final StdioTransport stdio;
    private final Instances instances;

    private Gateway(
            WebServer server,
            TargetStore store,
            KubernetesTransport transport,
            KubernetesClient ownedClient,
            UpstreamClient httpClient,
            StdioTransport stdio,
            Instances instances) {
        this.server = server;
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
     * (the gateway's own) and whose process lifecycle follows {@code clock}.
     */
    public static Gateway start(
            GatewayConfig config,
            KubernetesClient client,
            Map<String, String> environment,
            Clock clock) {
        FreePort.ensure(config.server().host(), config.server().port());
        prepareHelidonRegistryInBackground();
        LOG.info("starting with " + config);
        boolean needsClient =
                config.kubernetes().enabled()
                        || config.store().kind() == GatewayConfig.StoreKind.KUBERNETES;
        KubernetesClient owned =
                client == null && needsClient
                        ? KubernetesClients.create(config.kubernetes())
                        : null;
        KubernetesClient kube = client != null ? client : owned;
        TargetStore store = openStore(config, kube);
        KubernetesTransport transport =
                config.kubernetes().enabled()
                        ? KubernetesTransport.start(config.kubernetes(), kube, store)
                        : null;
        UpstreamClient httpClient =
                new UpstreamClient(
                        config.server().connectTimeout(), config.server().writeTimeout());
        TargetCatalog catalog = new TargetCatalog(config.targets(), store);
        SessionTokens sessions =
                new SessionTokens(
                        sessionKey(config), config.session().timeout(), Clock.systemUTC());
        StdioTransport stdio =
                StdioTransport.start(
                        config.stdio(), config.server(), catalog, sessions, environment, clock);
        Instances instances = instances(stdio, transport);
        WebServer server =
                WebServer.builder()
                        .host(config.server().host())
                        .port(config.server().port())
                        // Small SSE events must leave at once, not wait for the client's ACK.
                        .connectionOptions(options -> options.tcpNoDelay(true))
                        // A header value with CR/LF fails the response instead of splitting it.
                        .addProtocol(Http1Config.builder().validateResponseHeaders(true).build())
                        .routing(
                                r ->
                                        routing(
                                                r,
                                                config,
                                                catalog,
                                                sessions,
                                                transport,
                                                stdio,
                                                httpClient,
                                                instances))
                        // The features are the ones added here; looking for more on the class
                        // path only costs start-up.
                        .featuresDiscoverServices(false)
                        .addFeature(observe(transport))
                        .build()
                        .start();
        Gateway gateway =
                new Gateway(server, store, transport, owned, httpClient, stdio, instances);
        if (!server.isRunning()) {
            // Taken between the check and the bind, say; the web server logged why.
            gateway.close();
            throw cannotListen(config);
        }
        return gateway;
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

    private static void routing(
            HttpRouting.Builder routing,
            GatewayConfig config,
            TargetCatalog catalog,
            SessionTokens sessions,
            KubernetesTransport transport,
            StdioTransport stdio,
            UpstreamClient httpClient,
            Instances instances) {
        Authenticator authenticator = new Authenticator(config.auth());
        RequestGuard guard = new RequestGuard(config.server());
        UpstreamCall call =
                new UpstreamCall(
                        httpClient,
                        config.server().readTimeout(),
                        sessions,
                        config.session().timeout(),
                        config.server().streamKeepAliveInterval(),
                        config.server().streamIdleTimeout());
        McpProxy proxy =
                new McpProxy(
                        catalog,
                        authenticator,
                        guard,
                        sessions,
                        resolvers(catalog, transport),
                        target ->
                                target.transportType() == TransportType.STDIO
                                                || target.transportType() == TransportType.SSE
                                        ? stdio.front()
                                        : null,
                        call,
                        new McpProxy.MessageLimits(
                                config.server().maxBodyBytes(),
                                config.server().maxBodyBytesInFlight(),
                                config.server().maxJsonDepth(),
                                config.server().maxJsonTokens()),
                        config.server().maxConcurrentPerIdentity());
        TargetLifecycle lifecycle =
                new LifecycleByTransport(
                        transport == null ? TargetLifecycle.NONE : transport.lifecycle(),
                        stdio.lifecycle());
        routing.error(RuntimeException.class, Gateway::unexpected)
                .register("/mcp", proxy)
                .register(
                        TargetsApi.PREFIX, new TargetsApi(catalog, authenticator, guard, lifecycle))
                .register(MeApi.PATH, new MeApi(authenticator, guard))
                .register(
                        InstancesApi.PREFIX,
                        new InstancesApi(instances, catalog, authenticator, guard))
                .register(ConsoleService.PREFIX, new ConsoleService(ConsoleAssets.load()))
                .get(OpenApi.PATH, new OpenApi())
                .any(OpenApi.PATH, ApiFallbacks.methodNotAllowed(List.of("GET")))
                .any("/api", ApiFallbacks.notFound())
                .any("/api/{+}", ApiFallbacks.notFound())
                .get("/health", new HealthHandler(catalog, transport))
                .get("/observe/metrics", new MetricsHandler(MetricRegistry.process()));
    }

    /**
     * A failure no handler answered: a 500 with a fixed message. Exception texts can quote request
     * data or env values, so neither the client nor the log gets them; the log names the class.
     */
    private static void unexpected(ServerRequest req, ServerResponse res, RuntimeException e) {
        StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        LOG.warning(
                "unexpected "
                        + e.getClass().getName()
                        + " at "
                        + where
                        + " serving "
                        + req.prologue().method().text()
                        + " "
                        + req.path().path());
        if (!res.isSent()) {
            res.status(500);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(
                    "{\"error\":{\"code\":\"internal\",\"message\":\"internal error; see the"
                            + " gateway log\"}}");
        }
    }

    private static Function<Target, UpstreamResolver> resolvers(
            TargetCatalog catalog, KubernetesTransport transport) {
        UpstreamResolver http = new HttpUpstreamResolver(catalog);
        UpstreamResolver kubernetes =
                transport != null
                        ? transport.resolver()
                        : (target, identity) -> {
                            throw new UpstreamUnavailableException(
                                    503,
                                    "target '"
                                            + target.name()
                                            + "' uses transport kubernetes, but kubernetes.enabled"
                                            + " is false in the gateway config",
                                    null);
                        };
        return target -> target.transportType() == TransportType.KUBERNETES ? kubernetes : http;
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
        httpClient.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
