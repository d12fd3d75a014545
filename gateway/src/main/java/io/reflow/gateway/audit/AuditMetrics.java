package io.reflow.gateway.audit;

import io.reflow.metrics.Counter;
import io.reflow.metrics.MetricRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the audit trail: records written by kind, policy decisions by outcome and reason, and
 * failed writes of the audit file. Every label value comes from a fixed set, never from a caller.
 */
final class AuditMetrics {

    private final Counter records;
    private final Counter decisions;
    private final LongAdder fileErrors;

    AuditMetrics(MetricRegistry registry) {
        this.records =
                registry.counter(
                        "reflow_audit_records_total",
                        "Audit records written, by kind (mcp or admin)",
                        "kind");
        this.decisions =
                registry.counter(
                        "reflow_access_decisions_total",
                        "Access policy decisions on requests, by decision (allow or deny) and reason"
                                + " (policy, no_match, no_policies or admin)",
                        "decision",
                        "reason");
        this.fileErrors =
                registry.counter(
                                "reflow_audit_file_errors_total",
                                "Audit records the audit file could not take (they still went to"
                                        + " standard output and the ring)")
                        .labels();
    }

    /** Counts {@code record} and its decision, if one was taken. */
    void written(AuditRecord record) {
        records.labels(record.kind()).increment();
        if (record.decision() != null) {
            decisions
                    .labels(
                            record.decision(),
                            record.decisionReason() == null ? "" : record.decisionReason())
                    .increment();
        }
    }

    void fileFailed() {
        fileErrors.increment();
    }
}
