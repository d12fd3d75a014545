package io.reflow.gateway.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * One audit record. Holds names and outcomes only: never argument values, results, tokens or env
 * values.
 *
 * @param sequence position in this replica's trail, the cursor of {@code /api/logs}
 * @param time when the request arrived
 * @param replica the replica that served it
 * @param kind {@code mcp} or {@code admin}
 * @param subject the caller's subject, or null when authentication failed
 * @param role the caller's role, or null
 * @param groups the caller's groups
 * @param target the target name, or null
 * @param httpMethod GET, POST, PUT, PATCH or DELETE
 * @param method the JSON-RPC method (mcp) or the route (admin), or null
 * @param itemType tool, prompt or resource when the request names one, else null
 * @param item the tool or prompt name or resource URI, or null
 * @param decision allow or deny, or null when no policy decision was taken
 * @param decisionReason policy, no_match, no_policies or admin, or null
 * @param policyId the policy that decided, or null
 * @param status the HTTP status answered
 * @param errorCode the JSON-RPC error code when the gateway itself answered with an error
 * @param durationMillis time from arrival to the end of the response
 * @param instance the Kubernetes instance serving the caller, when known
 * @param session the session id, hashed (SHA-256, 16 hex digits), or null
 * @param traceId the trace id of the incoming {@code traceparent}, or null
 * @param endpoint {@code /mcp} or {@code /mcp/{target}} for MCP requests, null for admin changes
 * @param via {@code /mcp} when the gateway sent this {@code /mcp/{target}} request itself, for an
 *     {@code /mcp} request of the caller; else null
 */
public record AuditRecord(
        long sequence,
        Instant time,
        String replica,
        String kind,
        String subject,
        String role,
        List<String> groups,
        String target,
        String httpMethod,
        String method,
        String itemType,
        String item,
        String decision,
        String decisionReason,
        String policyId,
        int status,
        Integer errorCode,
        double durationMillis,
        String instance,
        String session,
        String traceId,
        String endpoint,
        String via) {

    /** Copies the groups. */
    public AuditRecord {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** This record at {@code position} of the trail. */
    AuditRecord at(long position) {
        return new AuditRecord(
                position,
                time,
                replica,
                kind,
                subject,
                role,
                groups,
                target,
                httpMethod,
                method,
                itemType,
                item,
                decision,
                decisionReason,
                policyId,
                status,
                errorCode,
                durationMillis,
                instance,
                session,
                traceId,
                endpoint,
                via);
    }

    /** Whether the request failed: an HTTP error status or an error the gateway answered. */
    public boolean failed() {
        return status >= 400 || errorCode != null;
    }

    /** {@code denied}, {@code error} or {@code ok}: the outcome {@code /api/logs} filters on. */
    public String outcome() {
        if ("deny".equals(decision)) {
            return "denied";
        }
        return failed() ? "error" : "ok";
    }

    /** The record as one JSON object (absent values left out). */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("seq", sequence);
        out.put("time", time.toString());
        out.put("replica", replica);
        out.put("kind", kind);
        putIfSet(out, "subject", subject);
        putIfSet(out, "role", role);
        if (!groups.isEmpty()) {
            groups.forEach(out.putArray("groups")::add);
        }
        putIfSet(out, "target", target);
        out.put("http_method", httpMethod);
        putIfSet(out, "method", method);
        putIfSet(out, "item_type", itemType);
        putIfSet(out, "item", item);
        putIfSet(out, "decision", decision);
        putIfSet(out, "decision_reason", decisionReason);
        putIfSet(out, "policy_id", policyId);
        out.put("status", status);
        if (errorCode != null) {
            out.put("error_code", errorCode);
        }
        out.put("outcome", outcome());
        out.put("duration_ms", Math.round(durationMillis * 1000) / 1000.0);
        putIfSet(out, "instance", instance);
        putIfSet(out, "session", session);
        putIfSet(out, "trace_id", traceId);
        putIfSet(out, "endpoint", endpoint);
        putIfSet(out, "via", via);
        return out;
    }

    private static void putIfSet(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
