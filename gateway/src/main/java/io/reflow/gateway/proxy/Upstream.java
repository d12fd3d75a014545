package io.reflow.gateway.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where one request's MCP traffic goes.
 *
 * @param mcpEndpoint full URL of the upstream MCP endpoint
 * @param headers headers the gateway adds (credentials from env configs); never the client's token
 * @param timeout upstream read timeout for this target, or null for the gateway default
 * @param activity called on every request and while a stream is open, so a Kubernetes instance in
 *     use is not collected as idle; cheap to call often (the callee rate-limits)
 */
public record Upstream(
        URI mcpEndpoint, Map<String, String> headers, Duration timeout, Runnable activity) {

    /** Copies the headers; a null activity becomes a no-op. */
    public Upstream {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        activity = activity == null ? () -> {} : activity;
    }
}
