package io.reflow.gateway.proxy;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.target.Target;

/**
 * Decides where MCP traffic of one identity for one target goes. One implementation per transport:
 * streamable-http resolves to the target's URL, kubernetes to the identity's instance.
 */
public interface UpstreamResolver {

    /**
     * The upstream for this request; may block (virtual threads) until it is reachable, e.g. while
     * a Kubernetes instance starts.
     *
     * @throws UpstreamUnavailableException when no upstream can serve the request now
     */
    Upstream resolve(Target target, Identity identity);
}
