package io.reflow.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.ProtectedResource;
import io.reflow.gateway.json.Json;
import java.util.Optional;

/**
 * {@code GET /.well-known/oauth-protected-resource[/mcp[/{target}]]}: the protected resource
 * metadata (RFC 9728) MCP clients read to find the authorization server. No authentication: the
 * documents hold only what the config publishes, and browsers may read them from any origin.
 * Whether a target exists is not revealed: any target-shaped path has a document.
 */
final class ResourceMetadataService implements HttpService {

    private final Optional<ProtectedResource> resource;

    ResourceMetadataService(Optional<ProtectedResource> resource) {
        this.resource = resource;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::serve).get("/{+}", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        if (resource.isEmpty()) {
            notFound(res, "OAuth discovery is off (auth.oauth.resource is not set)");
            return;
        }
        String suffix =
                req.path().absolute().path().substring(ProtectedResource.WELL_KNOWN.length());
        resource.get()
                .metadata(suffix)
                .ifPresentOrElse(
                        doc -> {
                            res.header(HeaderNames.CONTENT_TYPE, "application/json");
                            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                            res.send(Json.write(doc));
                        },
                        () -> notFound(res, "no protected resource at this path"));
    }

    private static void notFound(ServerResponse res, String message) {
        res.status(Status.NOT_FOUND_404);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(
                "{\"error\":{\"code\":\"not_found\",\"message\":\""
                        + message.replace("\"", "'")
                        + "\"}}");
    }
}
