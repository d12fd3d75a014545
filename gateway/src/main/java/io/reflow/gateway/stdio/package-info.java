/**
 * Transports the gateway speaks itself, behind its Streamable HTTP front: stdio targets (MCP
 * servers run as local processes, one per subject and per client session unless the target is
 * stateless, newline-delimited JSON-RPC on stdin and stdout) and sse targets (the legacy HTTP+SSE
 * transport, one stream per session). Both share the message routing, sessions and lifecycle.
 */
package io.reflow.gateway.stdio;
