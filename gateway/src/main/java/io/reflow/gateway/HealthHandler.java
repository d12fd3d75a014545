package io.reflow.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.kubernetes.KubernetesTransport;
import io.reflow.gateway.target.TargetCatalog;

/** {@code GET /health}: a liveness summary with no authentication and no secrets. */
final class HealthHandler implements Handler {

    private final TargetCatalog catalog;
    private final KubernetesTransport transport;

    HealthHandler(TargetCatalog catalog, KubernetesTransport transport) {
        this.catalog = catalog;
        this.transport = transport;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        boolean ready = transport == null || transport.isReady();
        String kubernetes = transport == null ? "disabled" : ready ? "ready" : "syncing";
        String body =
                "{\"status\":\"UP\",\"ready\":"
                        + ready
                        + ",\"targets\":"
                        + catalog.list().size()
                        + ",\"kubernetes\":\""
                        + kubernetes
                        + "\"}";
        res.status(ready ? 200 : 503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }
}
