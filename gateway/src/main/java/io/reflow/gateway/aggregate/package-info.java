/**
 * The aggregated MCP endpoint {@code /mcp}: one Streamable HTTP server per caller holding the
 * tools, prompts and resources of every target the caller may use. It is an MCP client of the
 * gateway's own {@code /mcp/{target}} endpoints, so every transport, limit and access policy of
 * those applies to it unchanged. {@link io.reflow.gateway.aggregate.TargetListing} lists one target
 * the same way, for the access reports of the REST API.
 */
package io.reflow.gateway.aggregate;
