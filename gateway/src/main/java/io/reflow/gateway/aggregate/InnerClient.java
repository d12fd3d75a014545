package io.reflow.gateway.aggregate;

import io.reflow.gateway.audit.InternalCallAudit;
import io.reflow.gateway.proxy.InternalCalls;
import io.reflow.gateway.proxy.http.UpstreamClient;
import io.reflow.gateway.proxy.http.UpstreamRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends the calls of {@code /mcp} to this gateway's own {@code /mcp/{target}} on its bound address,
 * with the pooled blocking client, on the calling (virtual) thread. Each call carries the client's
 * credentials, {@code Host}, {@code Origin} and protocol version, and the internal-call marker.
 */
final class InnerClient {

    private final UpstreamClient http;
    private final Supplier<URI> self;
    private final InternalCalls internal;

    InnerClient(UpstreamClient http, Supplier<URI> self, InternalCalls internal) {
        this.http = http;
        this.self = self;
        this.internal = internal;
    }

    /**
     * Sends {@code httpMethod} (with {@code body} for POST) to {@code /mcp/{target}} in session
     * {@code session} (empty for none); the answer's head must come within {@code timeout}.
     */
    InnerStream send(
            Caller caller,
            String httpMethod,
            String target,
            String session,
            byte[] body,
            Duration timeout)
            throws IOException {
        UpstreamRequest.Builder request =
                UpstreamRequest.builder(httpMethod, self.get().resolve("/mcp/" + target))
                        .header("Accept", "application/json, text/event-stream")
                        .header(InternalCalls.HEADER, internal.value());
        if (body != null) {
            request.body(body).header("Content-Type", "application/json");
        }
        caller.authorization().ifPresent(v -> request.header("Authorization", v));
        caller.origin().ifPresent(v -> request.header("Origin", v));
        caller.host().ifPresent(request::host);
        caller.protocolVersion().ifPresent(v -> request.header("MCP-Protocol-Version", v));
        caller.trace().forEach(request::header);
        caller.auditSession().ifPresent(v -> request.header(InternalCallAudit.SESSION_HEADER, v));
        if (session != null && !session.isEmpty()) {
            request.header("Mcp-Session-Id", session);
        }
        return new InnerStream(http.send(request.build(), timeout));
    }
}
