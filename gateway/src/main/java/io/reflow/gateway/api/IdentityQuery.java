package io.reflow.gateway.api;

import io.helidon.webserver.http.ServerRequest;
import io.reflow.gateway.auth.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The identity an admin asks about, from the query {@code
 * user=<subject>&role=<role>&groups=<g1,g2>} of {@code GET /api/access/effective}: a JWT user as
 * the gateway would authenticate it, an admin when the role is {@code auth.admin_role}. Each
 * refusal names the parameter at fault.
 */
final class IdentityQuery {

    /** The most characters of a subject, role or group. */
    static final int MAX_VALUE = 256;

    /** The most groups of one identity. */
    static final int MAX_GROUPS = 64;

    private static final Set<String> PARAMETERS = Set.of("user", "role", "groups");

    private IdentityQuery() {}

    /**
     * The identity {@code req} asks about.
     *
     * @param adminRole the role that makes a JWT user an admin, or null
     * @throws ApiException (400) naming the parameter at fault
     */
    static Identity parse(ServerRequest req, String adminRole) {
        var query = req.query();
        for (String name : query.names()) {
            if (!PARAMETERS.contains(name)) {
                throw invalid(name, "unknown query parameter " + Bounded.quoted(name));
            }
            if (query.all(name).size() > 1) {
                throw invalid(name, name + " is given more than once");
            }
        }
        String user = query.first("user").asOptional().orElse(null);
        if (user == null || user.isEmpty()) {
            throw invalid("user", "user is required: the subject of the identity to check");
        }
        check("user", user);
        String role = query.first("role").asOptional().orElse(null);
        if (role != null) {
            if (role.isEmpty()) {
                throw invalid("role", "role must not be empty; leave it out for no role");
            }
            check("role", role);
        }
        List<String> groups = groups(query.first("groups").asOptional().orElse(""));
        boolean admin = role != null && role.equals(adminRole);
        return new Identity(user, role, groups, admin);
    }

    private static List<String> groups(String text) {
        List<String> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        // Counted before splitting whole: a list of a million commas is refused cheaply.
        if (text.chars().filter(c -> c == ',').count() >= MAX_GROUPS) {
            throw invalid("groups", "groups must list at most " + MAX_GROUPS + " groups");
        }
        for (String group : text.split(",", -1)) {
            if (group.isEmpty()) {
                throw invalid("groups", "groups must not hold an empty group name");
            }
            check("groups", group);
            groups.add(group);
        }
        return groups;
    }

    private static void check(String name, String value) {
        if (value.length() > MAX_VALUE) {
            throw invalid(name, name + " must be at most " + MAX_VALUE + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(name, name + " must not hold control characters");
        }
    }

    private static ApiException invalid(String name, String message) {
        return new ApiException(400, "invalid_parameter", message, Bounded.field(name));
    }
}
