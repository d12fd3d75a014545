package io.reflow.gateway.kubernetes;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.McpResources;

/**
 * The subject key of a request: who shares one instance of a kubernetes target. Keys hold hashes,
 * never plain identities: {@code shared:<targetId>}, {@code role:<hash>}, {@code group:<hash>},
 * {@code user:<hash>}, where a hash is the first 32 hex characters of sha256 of the role, the
 * identity's {@link Identity#primaryGroup() primary group} (the lexicographically smallest of its
 * groups) or the identity's {@link Identity#key() key} (which keeps JWT users apart from the
 * built-in identities).
 */
public final class SubjectKeys {

    /** Hex characters of sha256 kept in a subject key. */
    public static final int HASH_LENGTH = 32;

    private SubjectKeys() {}

    /**
     * The subject key of {@code identity} for {@code target}.
     *
     * @throws UpstreamUnavailableException with status 403 when the isolation boundary needs a
     *     claim the identity does not have (a role for per_role, a group for per_group)
     */
    public static String of(Target target, Identity identity) {
        return switch (target.effectiveIsolation()) {
            case SHARED -> "shared:" + target.id();
            case PER_ROLE -> "role:" + hash(require(identity.role(), "role", target));
            case PER_GROUP -> "group:" + hash(require(identity.primaryGroup(), "groups", target));
            case PER_USER -> "user:" + hash(identity.key());
        };
    }

    private static String require(String claim, String claimName, Target target) {
        if (claim == null || claim.isEmpty()) {
            throw new UpstreamUnavailableException(
                    403,
                    "target '"
                            + target.name()
                            + "' is isolated "
                            + target.effectiveIsolation().wireName()
                            + " and the request's identity has no '"
                            + claimName
                            + "' claim",
                    null);
        }
        return claim;
    }

    private static String hash(String value) {
        return McpResources.sha256Hex(value).substring(0, HASH_LENGTH);
    }
}
