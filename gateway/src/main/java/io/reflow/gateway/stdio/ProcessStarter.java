package io.reflow.gateway.stdio;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.kubernetes.SubjectKeys;
import io.reflow.gateway.target.EnvResolver;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.Statefulness;
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

    /** A process chosen for a new session. */
    record Started(StdioProcess process) {}

    ProcessStarter(
            ProcessPool pool, TargetCatalog catalog, Map<String, String> gatewayEnvironment) {
        this.pool = pool;
        this.catalog = catalog;
        this.gatewayEnvironment = Map.copyOf(gatewayEnvironment);
    }

    /** The process for a new session of {@code identity}. */
    Started acquire(Target target, Identity identity) {
        String subjectKey = SubjectKeys.of(target, identity);
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
        String shareKey = shared(target) ? target.name() + "|" + subjectKey : null;
        return new Started(pool.acquire(spec, shareKey));
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
