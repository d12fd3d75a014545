/**
 * The running MCP servers of every transport (stdio processes, Kubernetes MCPInstances) as one
 * list, with change notifications for the console's live view and restarts by id.
 */
package io.reflow.gateway.instances;
