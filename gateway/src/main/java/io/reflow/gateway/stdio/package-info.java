/**
 * The stdio transport: MCP servers run by the gateway as local processes, one per subject (and per
 * client session unless the target is stateless), spoken to with newline-delimited JSON-RPC on
 * stdin and stdout, behind the gateway's Streamable HTTP front.
 */
package io.reflow.gateway.stdio;
