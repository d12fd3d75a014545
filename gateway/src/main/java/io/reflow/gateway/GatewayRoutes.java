package io.reflow.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.access.AccessControl;
import io.reflow.gateway.access.PolicyCatalog;
import io.reflow.gateway.aggregate.AggregateEndpoint;
import io.reflow.gateway.aggregate.AggregateSessions;
import io.reflow.gateway.api.AccessApi;
import io.reflow.gateway.api.AccessReport;
import io.reflow.gateway.api.ApiFailures;
import io.reflow.gateway.api.ApiFallbacks;
import io.reflow.gateway.api.InstancesApi;
import io.reflow.gateway.api.LogsApi;
import io.reflow.gateway.api.MeApi;
import io.reflow.gateway.api.OpenApi;
import io.reflow.gateway.api.PoliciesApi;
import io.reflow.gateway.api.TargetsApi;
import io.reflow.gateway.audit.AdminAudit;
import io.reflow.gateway.audit.AuditLog;
import io.reflow.gateway.audit.McpAudit;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.ProtectedResource;
import io.reflow.gateway.config.ConsoleOidcConfig;
import io.reflow.gateway.config.GatewayConfig;
import io.reflow.gateway.instances.Instances;
import io.reflow.gateway.kubernetes.KubernetesTransport;
import io.reflow.gateway.pipeline.AdmissionFilter;
import io.reflow.gateway.proxy.HttpUpstreamResolver;
import io.reflow.gateway.proxy.InternalCalls;
import io.reflow.gateway.proxy.McpProxy;
import io.reflow.gateway.proxy.MessageReader;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.proxy.SessionTokens;
import io.reflow.gateway.proxy.UpstreamCall;
import io.reflow.gateway.proxy.UpstreamResolver;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.stdio.StdioTransport;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.gateway.tracing.Tracing;
import io.reflow.gateway.ui.ConsoleAssets;
import io.reflow.gateway.ui.ConsoleService;
import io.reflow.gateway.ui.OidcSignIn;
import io.reflow.gateway.ui.ProviderEndpoints;
import io.reflow.mcp.api.TransportType;
import io.reflow.metrics.MetricRegistry;
import io.reflow.metrics.MetricsHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The gateway's routes, wired by hand from its parts: {@code /mcp} and {@code /mcp/{target}}, the
 * REST API, the console, the OAuth metadata, health and metrics.
 *
 * @param config the gateway config
 * @param catalog the targets
 * @param sessions the per-target session ids
 * @param transport the kubernetes transport, or null
 * @param stdio the stdio and sse transport
 * @param httpClient the client of upstream calls
 * @param sessionKey the key that seals session ids
 * @param self this gateway's own address, once it listens
 * @param policies the access policies
 * @param audit the audit trail
 * @param instances the running instances and processes
 * @param tracing the spans of MCP requests (off unless configured)
 * @param clock when sessions expire (the system clock, but in tests)
 */
record GatewayRoutes(
        GatewayConfig config,
        TargetCatalog catalog,
        SessionTokens sessions,
        KubernetesTransport transport,
        StdioTransport stdio,
        UpstreamClient httpClient,
        String sessionKey,
        Supplier<URI> self,
        PolicyCatalog policies,
        AuditLog audit,
        Instances instances,
        Tracing tracing,
        Clock clock) {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class.getName());

    /** Registers every route of the gateway on {@code routing}. */
    void register(HttpRouting.Builder routing) {
        Authenticator authenticator = new Authenticator(config.auth());
        RequestGuard guard = new RequestGuard(config.server());
        InternalCalls internal = InternalCalls.random();
        McpAudit mcpAudit = new McpAudit(audit, Clock.systemUTC(), internal);
        McpProxy proxy = proxy(authenticator, guard, internal, mcpAudit);
        AggregateEndpoint aggregate =
                new AggregateEndpoint(
                        aggregateParts(
                                config,
                                catalog,
                                authenticator,
                                guard,
                                sessionKey,
                                httpClient,
                                self,
                                internal,
                                mcpAudit,
                                tracing,
                                clock));
        routing.error(RuntimeException.class, GatewayRoutes::unexpected)
                // Once per request, before the routes: the caller, as the routes and audit see it.
                .addFilter(new AdmissionFilter(guard, authenticator))
                .addFilter(new AdminAudit(audit, authenticator, Clock.systemUTC()));
        ApiFailures.register(routing, GatewayRoutes::unexpected);
        aggregate.register(routing); // /mcp exactly; /mcp/{target} is the proxy's
        routing.register("/mcp", proxy);
        registerApi(
                routing,
                authenticator,
                guard,
                new AccessReport(catalog, policies, aggregate.listing()));
        routing.register(
                        ConsoleService.PREFIX,
                        new ConsoleService(ConsoleAssets.load(), consoleSignIn()))
                .get(OpenApi.PATH, new OpenApi())
                .any(OpenApi.PATH, ApiFallbacks.methodNotAllowed(List.of("GET")))
                .any("/api", ApiFallbacks.notFound())
                .any("/api/{+}", ApiFallbacks.notFound())
                .register(
                        ProtectedResource.WELL_KNOWN,
                        new ResourceMetadataService(authenticator.protectedResource()))
                .get("/health", new HealthHandler(catalog, transport))
                .get("/observe/metrics", new MetricsHandler(MetricRegistry.process()));
    }

    /** The console's sign-in through the identity provider, when {@code ui.oidc} is set. */
    private Optional<OidcSignIn> consoleSignIn() {
        ConsoleOidcConfig oidc = config.consoleOidc();
        if (!oidc.enabled()) {
            return Optional.empty();
        }
        return Optional.of(
                new OidcSignIn(
                        oidc,
                        new ProviderEndpoints(
                                oidc.discoveryUrl(), oidc.issuer(), Duration.ofSeconds(5), clock)));
    }

    /** The REST API under {@code /api}, but for its fallbacks. */
    private void registerApi(
            HttpRouting.Builder routing,
            Authenticator authenticator,
            RequestGuard guard,
            AccessReport access) {
        TargetLifecycle lifecycle =
                new LifecycleByTransport(
                        transport == null ? TargetLifecycle.NONE : transport.lifecycle(),
                        stdio.lifecycle());
        routing.register(PoliciesApi.PREFIX, new PoliciesApi(policies, authenticator, guard))
                .register(LogsApi.PREFIX, new LogsApi(audit.ring(), authenticator, guard))
                .register(
                        TargetsApi.PREFIX, new TargetsApi(catalog, authenticator, guard, lifecycle))
                .register(MeApi.PATH, new MeApi(access, authenticator, guard))
                .register(
                        AccessApi.PREFIX,
                        new AccessApi(access, config.auth().adminRole(), authenticator, guard))
                .register(
                        InstancesApi.PREFIX,
                        new InstancesApi(instances, catalog, authenticator, guard));
    }

    /** {@code /mcp/{target}}: the proxy to every target's transport. */
    private McpProxy proxy(
            Authenticator authenticator,
            RequestGuard guard,
            InternalCalls internal,
            McpAudit mcpAudit) {
        return new McpProxy(
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
                upstreamCall(config, httpClient, sessions, tracing),
                messageLimits(config.server()),
                config.server().maxConcurrentPerIdentity(),
                internal,
                new AccessControl(policies, config.server().maxBodyBytes()),
                mcpAudit,
                tracing);
    }

    private static UpstreamCall upstreamCall(
            GatewayConfig config,
            UpstreamClient httpClient,
            SessionTokens sessions,
            Tracing tracing) {
        return new UpstreamCall(
                httpClient,
                config.server().readTimeout(),
                sessions,
                config.session().timeout(),
                config.server().streamKeepAliveInterval(),
                config.server().streamIdleTimeout(),
                tracing);
    }

    /** What {@code /mcp} works with: the same checks and limits as {@code /mcp/{target}}. */
    private static AggregateEndpoint.Parts aggregateParts(
            GatewayConfig config,
            TargetCatalog catalog,
            Authenticator authenticator,
            RequestGuard guard,
            String sessionKey,
            UpstreamClient httpClient,
            Supplier<URI> self,
            InternalCalls internal,
            McpAudit mcpAudit,
            Tracing tracing,
            Clock clock) {
        return new AggregateEndpoint.Parts(
                catalog,
                authenticator,
                guard,
                new AggregateSessions(sessionKey, config.session().timeout(), clock),
                messageReader(config.server()),
                httpClient,
                self,
                internal,
                config.server().readTimeout(),
                config.kubernetes().startupTimeout(),
                config.server().maxConcurrentPerIdentity(),
                MetricRegistry.process(),
                clock,
                tracing,
                mcpAudit);
    }

    private static McpProxy.MessageLimits messageLimits(GatewayConfig.Server server) {
        return new McpProxy.MessageLimits(
                server.maxBodyBytes(),
                server.maxBodyBytesInFlight(),
                server.maxJsonDepth(),
                server.maxJsonTokens());
    }

    private static MessageReader messageReader(GatewayConfig.Server server) {
        return new MessageReader(
                server.maxBodyBytes(), server.maxJsonDepth(), server.maxJsonTokens());
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
}
