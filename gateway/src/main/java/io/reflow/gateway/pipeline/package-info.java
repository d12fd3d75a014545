/**
 * What every MCP and REST request goes through before its route: Host/Origin checks and
 * authentication, once, with the outcome left on the request; and the REST API's failures turned
 * into responses in one place.
 */
package io.reflow.gateway.pipeline;
