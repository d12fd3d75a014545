package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.AuthChallenge;
import io.reflow.gateway.proxy.HeaderValues;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.EnvScopes;
import io.reflow.gateway.target.FieldError;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.gateway.target.TargetJson;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.gateway.target.TargetNotFoundException;
import io.reflow.gateway.target.TargetValidationException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code /api/targets}: list and read for every authenticated user; create, replace, patch, delete,
 * env configs and instance restarts for admins. Env values are write-only: reads show keys with
 * masked values.
 */
public final class TargetsApi implements HttpService {

    private static final Logger LOG = Logger.getLogger(TargetsApi.class.getName());

    /** Where this service is registered. */
    public static final String PREFIX = "/api/targets";

    /** Every route this service serves, in the order Helidon matches them. */
    static final List<Route> ROUTES =
            List.of(
                    new Route(Method.GET, "/", false, TargetsApi::list),
                    new Route(Method.POST, "/", true, TargetsApi::create),
                    new Route(Method.GET, "/{id}", false, TargetsApi::get),
                    new Route(Method.PUT, "/{id}", true, TargetsApi::replace),
                    new Route(Method.PATCH, "/{id}", true, TargetsApi::patch),
                    new Route(Method.DELETE, "/{id}", true, TargetsApi::delete),
                    new Route(Method.POST, "/{id}/restart-instances", true, TargetsApi::restart),
                    new Route(Method.GET, "/{id}/env", true, TargetsApi::listEnv),
                    new Route(Method.GET, "/{id}/env/default", true, TargetsApi::getEnv),
                    new Route(Method.PUT, "/{id}/env/default", true, TargetsApi::putEnv),
                    new Route(Method.DELETE, "/{id}/env/default", true, TargetsApi::deleteEnv),
                    new Route(Method.GET, "/{id}/env/{kind}/{name}", true, TargetsApi::getEnv),
                    new Route(Method.PUT, "/{id}/env/{kind}/{name}", true, TargetsApi::putEnv),
                    new Route(
                            Method.DELETE, "/{id}/env/{kind}/{name}", true, TargetsApi::deleteEnv));

    private final TargetCatalog catalog;
    private final Authenticator authenticator;
    private final RequestGuard guard;
    private final TargetLifecycle lifecycle;

    /** Serves the catalog; {@code lifecycle} hears about every change. */
    public TargetsApi(
            TargetCatalog catalog,
            Authenticator authenticator,
            RequestGuard guard,
            TargetLifecycle lifecycle) {
        this.catalog = catalog;
        this.authenticator = authenticator;
        this.guard = guard;
        this.lifecycle = lifecycle;
    }

    @Override
    public void routing(HttpRules rules) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (Route route : ROUTES) {
            rules.route(
                    route.method(),
                    route.path(),
                    (req, res) -> call(req, res, route.operation(), route.admin()));
            allowed.computeIfAbsent(route.path(), p -> new LinkedHashSet<>())
                    .add(route.method().text());
        }
        // After every route: the paths above with another method, then any other path.
        allowed.forEach((path, methods) -> rules.any(path, ApiFallbacks.methodNotAllowed(methods)));
        ApiFallbacks.addNotFound(rules);
    }

    /**
     * One route of this service.
     *
     * @param method the HTTP method
     * @param path the path pattern below {@link #PREFIX}
     * @param admin whether only admins may call it
     * @param operation what it does
     */
    record Route(Method method, String path, boolean admin, Operation operation) {

        /** The path as the OpenAPI document writes it, e.g. {@code /api/targets/{id}}. */
        String openApiPath() {
            return PREFIX + (path.equals("/") ? "" : path);
        }
    }

    private void call(ServerRequest req, ServerResponse res, Operation operation, boolean admin) {
        Optional<String> refused =
                guard.check(
                        req.headers().first(HeaderNames.HOST),
                        req.headers().first(HeaderNames.ORIGIN));
        if (refused.isPresent()) {
            ApiErrors.send(res, 403, "forbidden_origin", refused.get(), null);
            return;
        }
        Identity identity;
        try {
            identity = authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        } catch (AuthException e) {
            res.header(
                    HeaderNames.WWW_AUTHENTICATE,
                    AuthChallenge.of(
                            e, authenticator.protectedResource(), req.path().absolute().path()));
            ApiErrors.send(res, 401, "unauthorized", e.getMessage(), "Authorization");
            return;
        }
        if (admin && !identity.admin()) {
            ApiErrors.send(res, 403, "forbidden", "this route needs an admin", null);
            return;
        }
        // A refusal is an exception, answered by ApiFailures.
        operation.handle(this, req, res, identity);
    }

    private void list(ServerRequest req, ServerResponse res, Identity identity) {
        ArrayNode out = Json.array();
        catalog.list().forEach(t -> out.add(shown(t, identity)));
        ApiErrors.write(res, 200, out);
    }

    private void get(ServerRequest req, ServerResponse res, Identity identity) {
        ApiErrors.write(res, 200, shown(target(req), identity));
    }

    /** Admins see the whole target; others see its URL without user info and query. */
    private static ObjectNode shown(Target target, Identity identity) {
        return identity.admin() ? TargetJson.write(target) : TargetJson.writePublic(target);
    }

    private void create(ServerRequest req, ServerResponse res, Identity identity) {
        Target target = TargetJson.parse(ApiBody.read(req, ApiBody.JSON), false);
        catalog.create(target);
        LOG.info("target created: " + target.name() + " by " + identity.key());
        res.header(HeaderNames.LOCATION, HeaderValues.safe("/api/targets/" + target.name()));
        ApiErrors.write(res, 201, TargetJson.write(target));
    }

    private void replace(ServerRequest req, ServerResponse res, Identity identity) {
        String id = req.path().pathParameters().get("id");
        JsonNode node = ApiBody.read(req, ApiBody.JSON);
        if (node.isObject() && !node.has("name")) {
            ((ObjectNode) node).put("name", id);
        }
        update(res, identity, id, node);
    }

    /** A JSON merge patch (RFC 7396) of the target: the fields it names change, the rest stay. */
    private void patch(ServerRequest req, ServerResponse res, Identity identity) {
        Target current = target(req);
        JsonNode patch = ApiBody.read(req, ApiBody.MERGE_PATCH);
        ObjectNode base = TargetJson.write(current);
        base.remove("read_only");
        update(res, identity, current.name(), MergePatch.apply(base, patch));
    }

    private void update(ServerResponse res, Identity identity, String id, JsonNode node) {
        Target target = TargetJson.parse(node, false);
        if (!target.name().equals(id)) {
            throw new TargetValidationException(
                    List.of(new FieldError("name", "is immutable: cannot rename '" + id + "'")));
        }
        Target before = catalog.update(target);
        lifecycle.targetUpdated(before, target);
        LOG.info("target updated: " + id + " by " + identity.key());
        ApiErrors.write(res, 200, TargetJson.write(target));
    }

    private void delete(ServerRequest req, ServerResponse res, Identity identity) {
        Target before = catalog.delete(req.path().pathParameters().get("id"));
        lifecycle.targetDeleted(before);
        LOG.info("target deleted: " + before.name() + " by " + identity.key());
        res.status(204).send();
    }

    private void restart(ServerRequest req, ServerResponse res, Identity identity) {
        int restarted = lifecycle.restartInstances(target(req));
        ApiErrors.write(res, 200, Json.object().put("restarted", restarted));
    }

    private void listEnv(ServerRequest req, ServerResponse res, Identity identity) {
        Target target = target(req);
        ObjectNode out = Json.object();
        catalog.envConfigs(target.name())
                .forEach((scope, values) -> out.set(EnvScopes.path(scope), masked(values)));
        ApiErrors.write(res, 200, out);
    }

    private void getEnv(ServerRequest req, ServerResponse res, Identity identity) {
        Target target = target(req);
        EnvScope scope = scope(req);
        Map<String, String> values = catalog.envConfigs(target.name()).get(scope);
        if (values == null) {
            throw new TargetNotFoundException(target.name() + "/env/" + EnvScopes.path(scope));
        }
        ApiErrors.write(res, 200, masked(values));
    }

    private void putEnv(ServerRequest req, ServerResponse res, Identity identity) {
        Target target = target(req);
        EnvScope scope = scope(req);
        Map<String, String> values = EnvValues.parse(ApiBody.read(req, ApiBody.JSON));
        catalog.putEnv(target.name(), scope, values);
        lifecycle.envChanged(target, scope);
        LOG.info(
                "env config set: "
                        + target.name()
                        + "/"
                        + EnvScopes.path(scope)
                        + " keys="
                        + values.keySet()
                        + " by "
                        + identity.key());
        ApiErrors.write(res, 200, masked(values));
    }

    private void deleteEnv(ServerRequest req, ServerResponse res, Identity identity) {
        Target target = target(req);
        EnvScope scope = scope(req);
        if (!catalog.deleteEnv(target.name(), scope)) {
            throw new TargetNotFoundException(target.name() + "/env/" + EnvScopes.path(scope));
        }
        lifecycle.envChanged(target, scope);
        res.status(204).send();
    }

    private Target target(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return catalog.find(id).orElseThrow(() -> new TargetNotFoundException(id));
    }

    private static EnvScope scope(ServerRequest req) {
        var params = req.path().pathParameters();
        String path =
                params.contains("kind") ? params.get("kind") + "/" + params.get("name") : "default";
        return EnvScopes.parse(path)
                .orElseThrow(
                        () ->
                                new ApiException(
                                        400,
                                        "invalid_scope",
                                        "'" + path + "' is not default, role/R, group/G or user/U",
                                        "scope"));
    }

    private static ObjectNode masked(Map<String, String> values) {
        ObjectNode out = Json.object();
        values.keySet().stream().sorted().forEach(k -> out.put(k, "****"));
        return out;
    }

    /** What a route does, for the caller it authenticated. */
    @FunctionalInterface
    interface Operation {
        void handle(TargetsApi api, ServerRequest req, ServerResponse res, Identity identity);
    }
}
