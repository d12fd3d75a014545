/**
 * The audit trail: one structured record per MCP request and per admin API change, written as JSON
 * lines to standard output and optionally a rotating file, and kept in a bounded ring for {@code
 * GET /api/logs}. Records never hold argument values, results, tokens or env values.
 */
package io.reflow.gateway.audit;
