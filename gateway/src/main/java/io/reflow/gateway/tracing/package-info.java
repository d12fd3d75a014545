/** OpenTelemetry tracing of MCP requests: off unless an OTLP endpoint is configured. */
package io.reflow.gateway.tracing;
