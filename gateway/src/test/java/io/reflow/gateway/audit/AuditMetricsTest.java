package io.reflow.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.AuditConfig;
import io.reflow.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditMetricsTest {

    @TempDir Path dir;

    private final MetricRegistry registry = new MetricRegistry();

    private static AuditRecord record(String kind, String decision, String reason) {
        return new AuditRecord(
                0,
                Instant.EPOCH,
                "r1",
                kind,
                "alice",
                "user",
                List.of(),
                "alpha",
                "POST",
                "tools/call",
                "tool",
                "echo",
                decision,
                reason,
                null,
                decision == null || decision.equals("allow") ? 200 : 403,
                null,
                1.0,
                null,
                null,
                null,
                "/mcp/{target}",
                null);
    }

    @Test
    void countsRecordsByKindAndDecisionsByOutcomeAndReason() {
        try (AuditLog log =
                new AuditLog(new AuditConfig(false, null, 1 << 20, 1, 100, "r1"), registry)) {
            log.write(record("mcp", "allow", "policy"));
            log.write(record("mcp", "deny", "no_match"));
            log.write(record("mcp", "deny", "no_match"));
            log.write(record("admin", null, null));
        }

        assertThat(registry.scrape())
                .contains("reflow_audit_records_total{kind=\"admin\"} 1\n")
                .contains("reflow_audit_records_total{kind=\"mcp\"} 3\n")
                .contains("reflow_access_decisions_total{decision=\"allow\",reason=\"policy\"} 1\n")
                .contains(
                        "reflow_access_decisions_total{decision=\"deny\",reason=\"no_match\"} 2\n")
                .contains("reflow_audit_file_errors_total 0\n");
    }

    @Test
    void countsRecordsTheAuditFileCouldNotTake() throws IOException {
        Path folder = dir.resolve("audit");
        Path file = folder.resolve("audit.jsonl");
        // Each record rotates the file; with its folder gone, rotating fails.
        try (AuditLog log =
                new AuditLog(new AuditConfig(false, file, 10, 1, 100, "r1"), registry)) {
            log.write(record("mcp", "allow", "policy"));
            try (Stream<Path> files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(folder);

            log.write(record("mcp", "allow", "policy"));
        }

        assertThat(registry.scrape())
                .contains("reflow_audit_file_errors_total 1\n")
                .contains("reflow_audit_records_total{kind=\"mcp\"} 2\n");
    }
}
