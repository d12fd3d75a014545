package io.reflow.gateway.audit;

import io.reflow.gateway.config.AuditConfig;
import io.reflow.gateway.json.Json;
import io.reflow.metrics.MetricRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.logging.Logger;

/**
 * Where audit records go: one JSON line each to standard output (the cluster's log pipeline picks
 * it up; the gateway's own log goes to standard error), to a size-rotated file when configured, and
 * into the ring that {@code GET /api/logs} reads.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    private final AuditConfig config;
    private final AuditRing ring;
    private final RotatingFile file;
    private final AuditMetrics metrics;
    private volatile boolean fileFailed;

    /** Opens the file of {@code config}, if any; counts into the process registry. */
    public AuditLog(AuditConfig config) {
        this(config, MetricRegistry.process());
    }

    /** Opens the file of {@code config}, if any; counts into {@code registry}. */
    public AuditLog(AuditConfig config, MetricRegistry registry) {
        this.config = config;
        this.metrics = new AuditMetrics(registry);
        this.ring = new AuditRing(config.ringSize());
        RotatingFile opened = null;
        if (config.file() != null) {
            try {
                opened = new RotatingFile(config.file(), config.maxFileBytes(), config.maxFiles());
            } catch (IOException e) {
                throw new IllegalStateException(
                        "audit.file: cannot open " + config.file() + ": " + e.getMessage(), e);
            }
        }
        this.file = opened;
    }

    /** The replica name records carry. */
    public String replica() {
        return config.replica();
    }

    /** The recent records. */
    public AuditRing ring() {
        return ring;
    }

    /** Numbers {@code record} and writes it everywhere configured. */
    public void write(AuditRecord record) {
        AuditRecord numbered = ring.add(record);
        metrics.written(numbered);
        byte[] json = Json.write(numbered.toJson());
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        if (config.stdout()) {
            PrintStream out = System.out;
            synchronized (out) {
                out.write(line, 0, line.length);
                out.flush();
            }
        }
        if (file != null) {
            try {
                file.append(line);
                fileFailed = false;
            } catch (IOException e) {
                metrics.fileFailed();
                if (!fileFailed) {
                    fileFailed = true;
                    LOG.warning("cannot write the audit file " + config.file() + ": " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.fine("closing the audit file: " + e);
            }
        }
    }
}
