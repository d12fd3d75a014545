package io.reflow.gateway.proxy;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A transport that answers MCP exchanges itself instead of forwarding them over HTTP: the stdio
 * transport, which talks to a local process. It gets the exchange after every check of the front
 * (Host/Origin, authentication, target, session, message) has passed.
 */
public interface LocalTransport {

    /**
     * Answers one exchange.
     *
     * @throws UpstreamUnavailableException when no process can serve it now
     */
    void serve(ServerRequest req, ServerResponse res, McpProxy.Exchange exchange);
}
