package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
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
import io.reflow.gateway.target.TargetConflictException;
import io.reflow.gateway.target.TargetJson;
import io.reflow.gateway.target.TargetLifecycle;
import io.reflow.gateway.target.TargetNotFoundException;
import io.reflow.gateway.target.TargetReadOnlyException;
import io.reflow.gateway.target.TargetValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /api/targets}: list and read for every authenticated user; create, replace, delete, env
 * configs and instance restarts for admins. Env values are write-only: reads show keys with masked
 * values.
 */
public final class TargetsApi implements HttpService {

    private static final Logger LOG = Logger.getLogger(TargetsApi.class.getName());
    private static final int MAX_BODY = 1024 * 1024;

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
        rules.get("/", user(this::list))
                .post("/", admin(this::create))
                .get("/{id}", user(this::get))
                .put("/{id}", admin(this::replace))
                .delete("/{id}", admin(this::delete))
                .post("/{id}/restart-instances", admin(this::restart))
                .get("/{id}/env", admin(this::listEnv))
                .get("/{id}/env/default", admin(this::getEnv))
                .put("/{id}/env/default", admin(this::putEnv))
                .delete("/{id}/env/default", admin(this::deleteEnv))
                .get("/{id}/env/{kind}/{name}", admin(this::getEnv))
                .put("/{id}/env/{kind}/{name}", admin(this::putEnv))
                .delete("/{id}/env/{kind}/{name}", admin(this::deleteEnv));
    }

    private Handler user(ApiHandler handler) {
        return (req, res) -> call(req, res, handler, false);
    }

    private Handler admin(ApiHandler handler) {
        return (req, res) -> call(req, res, handler, true);
    }

    private void call(ServerRequest req, ServerResponse res, ApiHandler handler, boolean admin) {
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
            res.header(HeaderNames.WWW_AUTHENTICATE, AuthChallenge.of(e));
            ApiErrors.send(res, 401, "unauthorized", e.getMessage(), "Authorization");
            return;
        }
        if (admin && !identity.admin()) {
            ApiErrors.send(res, 403, "forbidden", "this route needs an admin", null);
            return;
        }
        try {
            handler.handle(req, res, identity);
        } catch (TargetValidationException e) {
            ApiErrors.invalid(res, "invalid_target", e.errors());
        } catch (TargetNotFoundException e) {
            ApiErrors.send(res, 404, "not_found", e.getMessage(), "id");
        } catch (TargetConflictException e) {
            ApiErrors.send(res, 409, "conflict", e.getMessage(), "name");
        } catch (TargetReadOnlyException e) {
            ApiErrors.send(res, 409, "read_only", e.getMessage(), "name");
        } catch (BadRequest e) {
            ApiErrors.send(res, 400, e.code, e.getMessage(), e.field);
        }
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
        Target target = TargetJson.parse(body(req), false);
        catalog.create(target);
        LOG.info("target created: " + target.name() + " by " + identity.key());
        res.header(HeaderNames.LOCATION, HeaderValues.safe("/api/targets/" + target.name()));
        ApiErrors.write(res, 201, TargetJson.write(target));
    }

    private void replace(ServerRequest req, ServerResponse res, Identity identity) {
        String id = req.path().pathParameters().get("id");
        JsonNode node = body(req);
        if (node.isObject() && !node.has("name")) {
            ((ObjectNode) node).put("name", id);
        }
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
        Map<String, String> values = EnvValues.parse(body(req));
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
                                new BadRequest(
                                        "invalid_scope",
                                        "'" + path + "' is not default, role/R, group/G or user/U",
                                        "scope"));
    }

    private static ObjectNode masked(Map<String, String> values) {
        ObjectNode out = Json.object();
        values.keySet().stream().sorted().forEach(k -> out.put(k, "****"));
        return out;
    }

    private static JsonNode body(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BadRequest("too_large", "body exceeds " + MAX_BODY + " bytes", null);
            }
            JsonNode node = Json.read(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadRequest("invalid_json", "empty body; expected a JSON object", null);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Only where: the parser's message quotes the body, which may hold env values.
            var at = e.getLocation();
            throw new BadRequest(
                    "invalid_json",
                    at == null
                            ? "body is not JSON"
                            : "body is not JSON (line "
                                    + at.getLineNr()
                                    + ", column "
                                    + at.getColumnNr()
                                    + ")",
                    null);
        } catch (IOException e) {
            throw new BadRequest("invalid_body", "cannot read body: " + e.getMessage(), null);
        }
    }

    /** A handler that knows the caller. */
    @FunctionalInterface
    private interface ApiHandler {
        void handle(ServerRequest req, ServerResponse res, Identity identity);
    }

    /** A 400 that is not about a target's fields. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final String field;

        BadRequest(String code, String message, String field) {
            super(message);
            this.code = code;
            this.field = field;
        }
    }
}
