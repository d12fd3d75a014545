package io.reflow.gateway.audit;

import java.time.Instant;

/**
 * What {@code GET /api/logs} asks for; null fields do not filter.
 *
 * @param user records of this subject only
 * @param target records of this target only
 * @param method records of this JSON-RPC method (or admin route) only
 * @param outcome {@code ok}, {@code denied} or {@code error}
 * @param since records at or after this time
 * @param until records before this time
 * @param before records older than this sequence number (the cursor), or 0 for the newest
 * @param limit the most records to return
 */
public record AuditQuery(
        String user,
        String target,
        String method,
        String outcome,
        Instant since,
        Instant until,
        long before,
        int limit) {

    /** Whether {@code r} passes every filter but the cursor. */
    boolean matches(AuditRecord r) {
        return (user == null || user.equals(r.subject()))
                && (target == null || target.equals(r.target()))
                && (method == null || method.equals(r.method()))
                && (outcome == null || outcome.equals(r.outcome()))
                && (since == null || !r.time().isBefore(since))
                && (until == null || r.time().isBefore(until));
    }
}
