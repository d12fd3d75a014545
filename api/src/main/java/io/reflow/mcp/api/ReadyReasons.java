package io.reflow.mcp.api;

import java.util.Set;

/**
 * Reasons of an MCPInstance's {@code Ready} condition that operator, gateway and docs share. A
 * terminal reason means the instance will not become Ready without a change by a person (spec,
 * RBAC, quota, admission policy, image): a client waiting for it is told at once.
 */
public final class ReadyReasons {

    /**
     * The instance's Secret does not exist (yet): the operator waits for the gateway to write it.
     */
    public static final String SECRET_NOT_FOUND = "SecretNotFound";

    /** {@code spec.secretName} is not the Secret name of this instance ({@code <instance>-env}). */
    public static final String SECRET_NAME_NOT_ALLOWED = "SecretNameNotAllowed";

    /** The Secret exists but was not made by the gateway for this very instance. */
    public static final String SECRET_NOT_OWNED = "SecretNotOwned";

    /** The spec cannot be run; the message names the field. */
    public static final String INVALID_SPEC = "InvalidSpec";

    /** The operator lacks an RBAC permission (HTTP 403 from the API server). */
    public static final String FORBIDDEN = "Forbidden";

    /** A ResourceQuota of the namespace refused the Pod or Service. */
    public static final String QUOTA_EXCEEDED = "QuotaExceeded";

    /** An admission controller (PodSecurity, LimitRange, a webhook or policy) refused the Pod. */
    public static final String ADMISSION_REFUSED = "AdmissionRefused";

    /** The API server found the Pod or Service invalid (HTTP 422). */
    public static final String RESOURCE_INVALID = "ResourceInvalid";

    /** The image cannot be pulled (kubelet's reason, passed through). */
    public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";

    /** The container keeps exiting (kubelet's reason, passed through). */
    public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

    /** Reasons after which waiting for the instance is pointless. */
    public static final Set<String> TERMINAL =
            Set.of(
                    SECRET_NAME_NOT_ALLOWED,
                    SECRET_NOT_OWNED,
                    INVALID_SPEC,
                    FORBIDDEN,
                    QUOTA_EXCEEDED,
                    ADMISSION_REFUSED,
                    RESOURCE_INVALID,
                    IMAGE_PULL_BACK_OFF,
                    "ErrImagePull",
                    "InvalidImageName",
                    "ErrImageNeverPull",
                    CRASH_LOOP_BACK_OFF,
                    "CreateContainerConfigError",
                    "CreateContainerError",
                    "RunContainerError");

    private ReadyReasons() {}

    /** Whether {@code reason} (of a Ready=False condition) is terminal; null is not. */
    public static boolean isTerminal(String reason) {
        return reason != null && TERMINAL.contains(reason);
    }
}
