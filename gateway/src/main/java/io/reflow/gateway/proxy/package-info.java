/** The MCP Streamable HTTP proxy and where it sends traffic. */
package io.reflow.gateway.proxy;
