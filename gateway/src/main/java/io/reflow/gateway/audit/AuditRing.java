package io.reflow.gateway.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent audit records of this replica, at most {@code capacity}: the oldest make room for
 * new ones. What {@code GET /api/logs} answers from.
 */
public final class AuditRing {

    private final AuditRecord[] records;
    private long next = 1;

    /** A ring of {@code capacity} records. */
    public AuditRing(int capacity) {
        this.records = new AuditRecord[capacity];
    }

    /** Adds {@code record}, numbering it; returns it numbered. */
    synchronized AuditRecord add(AuditRecord record) {
        AuditRecord numbered = record.at(next);
        records[(int) (next % records.length)] = numbered;
        next++;
        return numbered;
    }

    /**
     * The newest records matching {@code query}, newest first, and the cursor for the next page (0
     * when there is none).
     */
    public synchronized Page query(AuditQuery query) {
        List<AuditRecord> found = new ArrayList<>();
        long start = query.before() > 0 ? Math.min(query.before(), next) - 1 : next - 1;
        long oldest = Math.max(1, next - records.length);
        long position = start;
        for (; position >= oldest && found.size() < query.limit(); position--) {
            AuditRecord r = records[(int) (position % records.length)];
            if (query.matches(r)) {
                found.add(r);
            }
        }
        long cursor = found.size() == query.limit() && position >= oldest ? position + 1 : 0;
        return new Page(found, cursor);
    }

    /**
     * One page of records.
     *
     * @param records newest first
     * @param nextCursor what to pass as {@code cursor} for older records, or 0 when none are left
     */
    public record Page(List<AuditRecord> records, long nextCursor) {}
}
