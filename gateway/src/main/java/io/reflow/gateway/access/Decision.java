package io.reflow.gateway.access;

/**
 * The outcome of evaluating the policies for one item or target.
 *
 * @param allowed whether the caller may use it
 * @param reason why, as the audit trail writes it
 * @param policyId the policy that decided, or null when none did
 */
public record Decision(boolean allowed, Reason reason, String policyId) {

    /** Why a decision was taken. */
    public enum Reason {
        /** The gateway has no policy at all: everything is allowed. */
        NO_POLICIES,
        /** The caller is an admin: admins are not subject to policies. */
        ADMIN,
        /** A policy matched. */
        POLICY,
        /** No policy matched: denied. */
        NO_MATCH;

        /** The name in audit records, e.g. {@code no_match}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final Decision NO_POLICIES = new Decision(true, Reason.NO_POLICIES, null);
    static final Decision ADMIN = new Decision(true, Reason.ADMIN, null);
    static final Decision NO_MATCH = new Decision(false, Reason.NO_MATCH, null);

    /** The word audit records use: {@code allow} or {@code deny}. */
    public String effect() {
        return allowed ? "allow" : "deny";
    }
}
