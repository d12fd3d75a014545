package io.reflow.gateway.config;

import java.nio.file.Path;

/**
 * The {@code audit} block.
 *
 * @param stdout whether records go to standard output as JSON lines
 * @param file the file records are appended to, or null for none
 * @param maxFileBytes the size at which the file is rotated
 * @param maxFiles how many rotated files are kept besides the current one
 * @param ringSize how many recent records {@code GET /api/logs} can answer from
 * @param replica the replica name records carry (default: the host name)
 */
public record AuditConfig(
        boolean stdout, Path file, long maxFileBytes, int maxFiles, int ringSize, String replica) {

    @Override
    public String toString() {
        return "AuditConfig[stdout="
                + stdout
                + ", file="
                + file
                + ", maxFileBytes="
                + maxFileBytes
                + ", maxFiles="
                + maxFiles
                + ", ringSize="
                + ringSize
                + ", replica="
                + replica
                + "]";
    }
}
