package io.reflow.gateway.access;

/** A policy change the catalog refuses: unknown id, id taken, or read-only. */
public class PolicyRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /** A refusal answered with {@code status} and error {@code code}. */
    public PolicyRefusedException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** Policy {@code id} does not exist (404). */
    static PolicyRefusedException notFound(String id) {
        return new PolicyRefusedException(404, "not_found", "no policy '" + id + "'");
    }

    /** Policy {@code id} exists already (409). */
    static PolicyRefusedException conflict(String id) {
        return new PolicyRefusedException(409, "conflict", "policy '" + id + "' exists already");
    }

    /** Policy {@code id} is static (409). */
    static PolicyRefusedException readOnly(String id) {
        return new PolicyRefusedException(
                409,
                "read_only",
                "policy '" + id + "' is defined in the gateway config file and is read-only");
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }

    /** The error code of the JSON error body. */
    public String code() {
        return code;
    }
}
