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
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.access.PolicyCatalog;
import io.reflow.gateway.access.PolicyJson;
import io.reflow.gateway.access.PolicyRefusedException;
import io.reflow.gateway.access.PolicyValidationException;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.proxy.HeaderValues;
import io.reflow.gateway.proxy.RequestGuard;
import io.reflow.gateway.target.FieldError;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * {@code /api/policies}: access policies, admin only. Static policies of the config file are listed
 * with {@code read_only: true} and cannot be changed here. A change applies to the next MCP request
 * on every replica.
 */
public final class PoliciesApi implements HttpService {

    private static final Logger LOG = Logger.getLogger(PoliciesApi.class.getName());

    /** Where this service is registered. */
    public static final String PREFIX = "/api/policies";

    /** Every route this service serves. */
    static final List<Route> ROUTES =
            List.of(
                    new Route(Method.GET, "/", PoliciesApi::list),
                    new Route(Method.POST, "/", PoliciesApi::create),
                    new Route(Method.GET, "/{id}", PoliciesApi::get),
                    new Route(Method.PUT, "/{id}", PoliciesApi::replace),
                    new Route(Method.DELETE, "/{id}", PoliciesApi::delete));

    private final PolicyCatalog catalog;
    private final ApiCaller admin;

    /** Serves {@code catalog} to admins. */
    public PoliciesApi(PolicyCatalog catalog, Authenticator authenticator, RequestGuard guard) {
        this.catalog = catalog;
        this.admin = new ApiCaller(authenticator, guard);
    }

    @Override
    public void routing(HttpRules rules) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (Route route : ROUTES) {
            rules.route(
                    route.method(), route.path(), (req, res) -> call(req, res, route.operation()));
            allowed.computeIfAbsent(route.path(), p -> new LinkedHashSet<>())
                    .add(route.method().text());
        }
        allowed.forEach((path, methods) -> rules.any(path, ApiFallbacks.methodNotAllowed(methods)));
        ApiFallbacks.addNotFound(rules);
    }

    /**
     * One route of this service.
     *
     * @param method the HTTP method
     * @param path the path pattern below {@link #PREFIX}
     * @param operation what it does
     */
    record Route(Method method, String path, Operation operation) {

        /** The path as the OpenAPI document writes it. */
        String openApiPath() {
            return PREFIX + (path.equals("/") ? "" : path);
        }
    }

    private void call(ServerRequest req, ServerResponse res, Operation operation) {
        Identity identity = admin.admin(req, res);
        if (identity == null) {
            return;
        }
        // A refusal is an exception, answered by ApiFailures.
        operation.handle(this, req, res, identity);
    }

    private void list(ServerRequest req, ServerResponse res, Identity identity) {
        ArrayNode out = Json.array();
        catalog.list().forEach(p -> out.add(PolicyJson.write(p)));
        ApiErrors.write(res, 200, out);
    }

    private void get(ServerRequest req, ServerResponse res, Identity identity) {
        String id = req.path().pathParameters().get("id");
        Policy policy = catalog.find(id).orElseThrow(() -> notFound(id));
        ApiErrors.write(res, 200, PolicyJson.write(policy));
    }

    private void create(ServerRequest req, ServerResponse res, Identity identity) {
        Policy policy = PolicyJson.parse(body(req), UUID.randomUUID().toString(), false);
        catalog.create(policy);
        LOG.info("policy created: " + policy.id() + " by " + identity.key());
        res.header(HeaderNames.LOCATION, HeaderValues.safe(PREFIX + "/" + policy.id()));
        ApiErrors.write(res, 201, PolicyJson.write(policy));
    }

    private void replace(ServerRequest req, ServerResponse res, Identity identity) {
        String id = req.path().pathParameters().get("id");
        JsonNode node = body(req);
        if (node.isObject() && !node.has("id")) {
            ((ObjectNode) node).put("id", id);
        }
        Policy policy = PolicyJson.parse(node, id, false);
        if (!policy.id().equals(id)) {
            throw new PolicyValidationException(
                    List.of(new FieldError("id", "is immutable: cannot rename '" + id + "'")));
        }
        catalog.update(policy);
        LOG.info("policy updated: " + id + " by " + identity.key());
        ApiErrors.write(res, 200, PolicyJson.write(policy));
    }

    private void delete(ServerRequest req, ServerResponse res, Identity identity) {
        Policy before = catalog.delete(req.path().pathParameters().get("id"));
        LOG.info("policy deleted: " + before.id() + " by " + identity.key());
        res.status(204).send();
    }

    /** The body without {@code read_only}, which the API shows but does not take. */
    private static JsonNode body(ServerRequest req) {
        JsonNode node = ApiBody.read(req, ApiBody.JSON);
        if (node instanceof ObjectNode object) {
            object.remove("read_only");
        }
        return node;
    }

    private static PolicyRefusedException notFound(String id) {
        return new PolicyRefusedException(404, "not_found", "no policy '" + id + "'");
    }

    /** What a route does, for the admin it authenticated. */
    @FunctionalInterface
    interface Operation {
        void handle(PoliciesApi api, ServerRequest req, ServerResponse res, Identity identity);
    }
}
