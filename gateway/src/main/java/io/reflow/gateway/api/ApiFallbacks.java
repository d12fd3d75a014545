package io.reflow.gateway.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.Collection;

/**
 * What {@code /api/**} answers when no route matches: a JSON {@code 404 route_not_found}, or a JSON
 * {@code 405 method_not_allowed} with {@code Allow} when the path exists with other methods.
 */
public final class ApiFallbacks {

    private ApiFallbacks() {}

    /** A 405 naming the {@code allowed} methods, in {@code Allow} and in the message. */
    public static Handler methodNotAllowed(Collection<String> allowed) {
        String allow = String.join(", ", allowed);
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allow);
            ApiErrors.send(
                    res,
                    405,
                    "method_not_allowed",
                    req.prologue().method().text()
                            + " is not allowed on this route; allowed: "
                            + allow,
                    null);
        };
    }

    /** A 404 for a path the API does not serve. */
    public static Handler notFound() {
        return (req, res) ->
                ApiErrors.send(
                        res,
                        404,
                        "route_not_found",
                        "no such route; the API's routes are listed in /api/openapi.json",
                        null);
    }

    /** Adds the 404 for every path below the prefix of {@code rules} that no route took. */
    static void addNotFound(HttpRules rules) {
        rules.any("/{+}", notFound());
    }
}
