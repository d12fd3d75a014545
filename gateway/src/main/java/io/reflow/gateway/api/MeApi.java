package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.RequestGuard;
import java.util.List;

/**
 * {@code GET /api/me}: who the gateway takes the caller for (subject, role, groups, admin or not),
 * so that a client such as the console knows which pages to offer; {@code GET /api/me/access}: the
 * targets and items the caller may use, as {@code /api/access/effective} answers it for an admin.
 * Any authenticated caller.
 */
public final class MeApi implements HttpService {

    /** Where this service is registered. */
    public static final String PATH = "/api/me";

    /** The routes of this service as the OpenAPI document names them. */
    static final List<String> ROUTES = List.of("GET " + PATH, "GET " + PATH + "/access");

    private final ApiCaller caller;
    private final AccessReport access;

    /** Answers for the identities {@code authenticator} establishes. */
    public MeApi(AccessReport access, Authenticator authenticator, RequestGuard guard) {
        this.caller = new ApiCaller(authenticator, guard);
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::me);
        rules.any("/", ApiFallbacks.methodNotAllowed(List.of("GET")));
        rules.get("/access", this::access);
        rules.any("/access", ApiFallbacks.methodNotAllowed(List.of("GET")));
        ApiFallbacks.addNotFound(rules);
    }

    private void me(ServerRequest req, ServerResponse res) {
        caller.identify(req, res).ifPresent(identity -> ApiErrors.write(res, 200, json(identity)));
    }

    /** The caller's own access: the targets are listed with the caller's own credentials. */
    private void access(ServerRequest req, ServerResponse res) {
        Identity identity = caller.identify(req, res).orElse(null);
        if (identity == null) {
            return;
        }
        ApiErrors.write(res, 200, access.of(identity, AccessReport.lister(identity, req), false));
    }

    /** The identity as this route shows it. */
    static ObjectNode json(Identity identity) {
        ObjectNode out = Json.object();
        out.put("subject", identity.subject());
        out.put("kind", identity.kind() == Identity.Kind.USER ? "user" : "builtin");
        if (identity.role() == null) {
            out.putNull("role");
        } else {
            out.put("role", identity.role());
        }
        ArrayNode groups = out.putArray("groups");
        identity.groups().forEach(groups::add);
        out.put("admin", identity.admin());
        return out;
    }
}
