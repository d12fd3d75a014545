package io.reflow.gateway.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.auth.Authenticator;
import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.RequestGuard;
import java.util.List;

/**
 * {@code GET /api/access/effective?user=&role=&groups=}: what an identity may use, per target,
 * admin only. The items are listed with the admin's own credentials (admins see every item), then
 * decided for the identity asked about, with the policies the proxy enforces.
 */
public final class AccessApi implements HttpService {

    /** Where this service is registered. */
    public static final String PREFIX = "/api/access";

    /** The routes of this service as the OpenAPI document names them. */
    static final List<String> ROUTES = List.of("GET " + PREFIX + "/effective");

    private final AccessReport report;
    private final ApiCaller admin;
    private final String adminRole;

    /**
     * Serves the report to admins.
     *
     * @param report builds the answer
     * @param adminRole {@code auth.admin_role}: an identity with that role is an admin
     */
    public AccessApi(
            AccessReport report,
            String adminRole,
            Authenticator authenticator,
            RequestGuard guard) {
        this.report = report;
        this.adminRole = adminRole;
        this.admin = new ApiCaller(authenticator, guard);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/effective", this::effective);
        rules.any("/effective", ApiFallbacks.methodNotAllowed(List.of("GET")));
        ApiFallbacks.addNotFound(rules);
    }

    private void effective(ServerRequest req, ServerResponse res) {
        Identity caller = admin.admin(req, res);
        if (caller == null) {
            return;
        }
        Identity asked = IdentityQuery.parse(req, adminRole);
        ApiErrors.write(res, 200, report.of(asked, AccessReport.lister(caller, req), true));
    }
}
