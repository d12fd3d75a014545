package io.reflow.gateway.api;

import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.access.PolicyRefusedException;
import io.reflow.gateway.access.PolicyValidationException;
import io.reflow.gateway.target.TargetConflictException;
import io.reflow.gateway.target.TargetNotFoundException;
import io.reflow.gateway.target.TargetReadOnlyException;
import io.reflow.gateway.target.TargetValidationException;
import java.util.List;

/**
 * The one place where a REST route's failure becomes its answer: each typed exception a route or
 * what it calls throws ({@link ApiException}, the target and policy stores' refusals) is answered
 * as {@code {"error":{"code","message","field"}}} with its status, by error handlers of the web
 * server's routing. Outside {@code /api}, and for any other exception, {@code unexpected} answers
 * (500, logged). The audit filter around the routes records the status answered.
 */
public final class ApiFailures {

    private ApiFailures() {}

    /** Registers the answers of every typed failure on {@code routing}. */
    public static void register(
            HttpRouting.Builder routing, ErrorHandler<RuntimeException> unexpected) {
        for (Class<? extends RuntimeException> type :
                List.of(
                        ApiException.class,
                        TargetValidationException.class,
                        PolicyValidationException.class,
                        TargetNotFoundException.class,
                        TargetConflictException.class,
                        TargetReadOnlyException.class,
                        PolicyRefusedException.class)) {
            routing.error(type, handler(unexpected));
        }
    }

    private static <T extends RuntimeException> ErrorHandler<T> handler(
            ErrorHandler<RuntimeException> unexpected) {
        return (req, res, e) -> {
            if (res.isSent()
                    || !req.path().absolute().path().startsWith("/api/")
                    || !answer(res, e)) {
                unexpected.handle(req, res, e);
            }
        };
    }

    /** Answers {@code e} when it is a refusal of the API; false when it is not one. */
    static boolean answer(ServerResponse res, RuntimeException e) {
        switch (e) {
            case ApiException api -> ApiErrors.send(res, api);
            case TargetValidationException invalid ->
                    ApiErrors.invalid(res, "invalid_target", invalid.errors());
            case PolicyValidationException invalid ->
                    ApiErrors.invalid(res, "invalid_policy", invalid.errors());
            case TargetNotFoundException missing ->
                    ApiErrors.send(res, 404, "not_found", missing.getMessage(), "id");
            case TargetConflictException taken ->
                    ApiErrors.send(res, 409, "conflict", taken.getMessage(), "name");
            case TargetReadOnlyException fixed ->
                    ApiErrors.send(res, 409, "read_only", fixed.getMessage(), "name");
            case PolicyRefusedException refused ->
                    ApiErrors.send(
                            res,
                            refused.status(),
                            refused.code(),
                            refused.getMessage(),
                            refused.status() == 501 ? null : "id");
            default -> {
                return false;
            }
        }
        return true;
    }
}
