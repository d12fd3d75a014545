package io.reflow.gateway.aggregate;

import io.reflow.gateway.audit.InternalCallAudit;
import io.reflow.gateway.auth.Identity;
import java.util.Map;
import java.util.Optional;

/**
 * The client of an {@code /mcp} request (or of a {@link TargetListing}), as its calls to {@code
 * /mcp/{target}} carry it: the same credentials, {@code Host} and {@code Origin}, so the per-target
 * endpoint judges them exactly as it would judge the client.
 *
 * @param identity who the client is (already authenticated)
 * @param authorization the client's {@code Authorization} header
 * @param host the client's {@code Host} header
 * @param origin the client's {@code Origin} header
 * @param protocolVersion the client's {@code MCP-Protocol-Version} header
 * @param trace the trace context of the client's request span (empty with tracing off): the calls
 *     are its children, from whatever thread they are sent
 * @param auditSession the hashed id of the client's {@code /mcp} session, which the records of the
 *     calls name as theirs; empty before the session exists
 */
public record Caller(
        Identity identity,
        Optional<String> authorization,
        Optional<String> host,
        Optional<String> origin,
        Optional<String> protocolVersion,
        Map<String, String> trace,
        Optional<String> auditSession) {

    /** This caller inside the {@code /mcp} session {@code token}. */
    Caller inSession(String token) {
        return new Caller(
                identity,
                authorization,
                host,
                origin,
                protocolVersion,
                trace,
                Optional.ofNullable(InternalCallAudit.sessionHash(token)));
    }
}
