package io.reflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.FieldError;
import java.util.List;

/**
 * REST error bodies: {@code {"error":{"code":"...","message":"...","field":"..."}}}; validation
 * errors add {@code "fields":[{"field":"...","message":"..."}]} with every invalid field. Values
 * from the request are cut short ({@link Bounded}).
 */
final class ApiErrors {

    private ApiErrors() {}

    static void send(ServerResponse res, int status, String code, String message, String field) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", Bounded.message(message));
        if (field != null) {
            error.put("field", Bounded.field(field));
        }
        write(res, status, root);
    }

    static void send(ServerResponse res, ApiException e) {
        send(res, e.status(), e.code(), e.getMessage(), e.field());
    }

    static void invalid(ServerResponse res, String code, List<FieldError> errors) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put(
                "message",
                errors.size() == 1
                        ? Bounded.message(
                                Bounded.field(errors.get(0).field())
                                        + ": "
                                        + errors.get(0).message())
                        : errors.size() + " invalid fields");
        error.put("field", Bounded.field(errors.get(0).field()));
        ArrayNode fields = error.putArray("fields");
        errors.forEach(
                e ->
                        fields.addObject()
                                .put("field", Bounded.field(e.field()))
                                .put("message", Bounded.message(e.message())));
        write(res, 400, root);
    }

    static void write(ServerResponse res, int status, JsonNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }
}
