package io.reflow.gateway.instances;

import java.time.Instant;
import java.util.Objects;

/**
 * One running MCP server as the instances API shows it. Holds no identity in plain text: the
 * subject is the hash of the subject key, as the Kubernetes labels carry it.
 *
 * @param id stable id within the gateway: the MCPInstance name, or {@code stdio-<hash>}
 * @param target the target's name
 * @param transport {@code kubernetes}, {@code stdio} or {@code sse}
 * @param subjectHash {@code McpResources.subjectHash} of the subject key
 * @param phase {@code Pending}, {@code Starting}, {@code Ready}, {@code Failed}, {@code
 *     Terminating}, or {@code Running} for a process of the gateway
 * @param reason why it is in that phase (the Ready condition's reason), or null
 * @param startedAt when it started, or null while it has not
 * @param lastActivityAt the last recorded activity, or null
 * @param endpoint where the gateway reaches it, or null
 */
public record InstanceView(
        String id,
        String target,
        String transport,
        String subjectHash,
        String phase,
        String reason,
        Instant startedAt,
        Instant lastActivityAt,
        String endpoint) {

    /** Requires the fields every instance has. */
    public InstanceView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(phase, "phase");
    }
}
