package io.reflow.gateway.audit;

import io.reflow.gateway.access.Decision;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an {@code /mcp} request and the calls it makes to {@code /mcp/{target}} tell each other for
 * the audit trail. A call carries the hashed id of the client's {@code /mcp} session, so every
 * record of one client session shares it; its answer carries the policy decision the target took,
 * so the {@code /mcp} record holds it too. Both headers count only on calls marked internal: a
 * client cannot set them, and their answers never reach a client (the {@code /mcp} endpoint writes
 * its own headers).
 */
public final class InternalCallAudit {

    /** The request header with the hashed {@code /mcp} session id. */
    public static final String SESSION_HEADER = "Reflow-Audit-Session";

    /** The response header with the decision: {@code allow policy p1}, {@code deny no_match}. */
    public static final String DECISION_HEADER = "Reflow-Access-Decision";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern DECISION =
            Pattern.compile("(allow|deny) ([a-z_]{1,16})(?: ([A-Za-z0-9._-]{1,128}))?");

    private InternalCallAudit() {}

    /** The hashed session id as records hold it, or null for none. */
    public static String sessionHash(String session) {
        return Texts.sessionHash(Optional.ofNullable(session));
    }

    /** {@code hash} when it is one this gateway made, else null (not a header a call carries). */
    static String trustedHash(Optional<String> hash) {
        return hash.filter(h -> HASH.matcher(h).matches()).orElse(null);
    }

    /** The header value of {@code decision}. */
    static String encode(Decision decision) {
        return decision.effect()
                + " "
                + decision.reason().wire()
                + (decision.policyId() == null ? "" : " " + decision.policyId());
    }

    /** The decision of a call's answer header, empty when absent or not one this gateway wrote. */
    public static Optional<Decision> decode(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        var matcher = DECISION.matcher(header.get());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Decision.Reason reason;
        try {
            reason = Decision.Reason.valueOf(matcher.group(2).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(
                new Decision(matcher.group(1).equals("allow"), reason, matcher.group(3)));
    }
}
