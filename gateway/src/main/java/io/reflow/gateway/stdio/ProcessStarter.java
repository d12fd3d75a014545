package io.reflow.gateway.stdio;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.kubernetes.SubjectKeys;
import io.reflow.gateway.proxy.HttpUpstreamResolver;
import io.reflow.gateway.proxy.Upstream;
import io.reflow.gateway.target.EnvResolver;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.Statefulness;
import io.reflow.mcp.api.TransportType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides which process serves an initialize: the subject key of the target's isolation boundary
 * (as Kubernetes instances have it), the env configs resolved for the identity, and whether the
 * session joins the subject's running process (stateless targets) or gets its own.
 */
final class ProcessStarter {

    /** Longest stdout line accepted from a process. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private final ProcessPool pool;
    private final TargetCatalog catalog;
    private final Map<String, String> gatewayEnvironment;
    private final HttpUpstreamResolver http;
    private final HttpClient httpClient;
    private final Duration connectTimeout;

    /** A process chosen for a new session. */
    record Started(Channel process) {}

    ProcessStarter(
            ProcessPool pool,
            TargetCatalog catalog,
            Map<String, String> gatewayEnvironment,
            HttpClient httpClient,
            Duration connectTimeout) {
        this.pool = pool;
        this.catalog = catalog;
        this.gatewayEnvironment = Map.copyOf(gatewayEnvironment);
        this.http = new HttpUpstreamResolver(catalog);
        this.httpClient = httpClient;
        this.connectTimeout = connectTimeout;
    }

    /** The process (or SSE connection) for a new session of {@code identity}. */
    Started acquire(Target target, Identity identity) {
        String subjectKey = SubjectKeys.of(target, identity);
        String shareKey = shared(target) ? target.name() + "|" + subjectKey : null;
        if (target.transportType() == TransportType.SSE) {
            // URL and headers from the env configs, exactly as for streamable-http targets.
            Upstream upstream = http.resolve(target, identity);
            Duration timeout = upstream.timeout() != null ? upstream.timeout() : connectTimeout;
            return new Started(
                    pool.acquire(
                            target.name(),
                            subjectKey,
                            shareKey,
                            onExit ->
                                    SseChannel.connect(
                                            target.name(),
                                            upstream.mcpEndpoint(),
                                            upstream.headers(),
                                            httpClient,
                                            timeout,
                                            pool.clock(),
                                            onExit)));
        }
        Map<String, String> resolved =
                EnvResolver.resolve(
                        catalog.envConfigs(target.id()), identity, target.effectiveIsolation());
        ProcessSpec spec =
                new ProcessSpec(
                        target.name(),
                        McpResources.sha256Hex(subjectKey).substring(0, 10),
                        commandLine(target),
                        target.workingDir(),
                        ChildEnvironment.of(gatewayEnvironment, resolved),
                        MAX_LINE_BYTES);
        return new Started(
                pool.acquire(
                        target.name(),
                        subjectKey,
                        shareKey,
                        onExit -> StdioProcess.start(spec, pool.clock(), onExit)));
    }

    /** Whether sessions of one subject share a process: only for stateless targets. */
    boolean shared(Target target) {
        return target.statefulness() == Statefulness.STATELESS;
    }

    static List<String> commandLine(Target target) {
        List<String> line = new ArrayList<>(target.command());
        if (target.args() != null) {
            line.addAll(target.args());
        }
        return line;
    }
}
