package io.reflow.operator.model;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.mcp.api.ReadyReasons;
import java.util.Locale;
import java.util.Optional;

/**
 * What a refused write of a Pod or Service means for the instance's Ready condition: RBAC, quota,
 * admission and validation refusals become a CamelCase reason plus the API server's own message.
 * Transient failures (conflict, not found, throttling, server errors, no connection) are not
 * refusals: the operator retries them quietly.
 */
public final class ApiRefusal {

    /** Longest server message copied into the status. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    private ApiRefusal() {}

    /** The refusal behind {@code e}, or empty when {@code e} is worth a quiet retry. */
    public static Optional<Refusal> of(KubernetesClientException e) {
        String message =
                e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage()
                        : e.getMessage();
        return of(e.getCode(), message);
    }

    /**
     * The refusal of an API call that answered {@code code} with {@code serverMessage}; the message
     * is the server's own (it names the resource and the rule), bounded.
     */
    public static Optional<Refusal> of(int code, String serverMessage) {
        String text = serverMessage == null ? "" : serverMessage;
        String lower = text.toLowerCase(Locale.ROOT);
        String reason;
        if (code == 403 && lower.contains("exceeded quota")) {
            reason = ReadyReasons.QUOTA_EXCEEDED;
        } else if (code == 403 && lower.contains(" cannot ") && lower.contains("user \"")) {
            reason = ReadyReasons.FORBIDDEN;
        } else if (code == 403 || (code == 400 && lower.contains("admission webhook"))) {
            reason = ReadyReasons.ADMISSION_REFUSED;
        } else if (code == 422) {
            reason = ReadyReasons.RESOURCE_INVALID;
        } else {
            return Optional.empty();
        }
        return Optional.of(new Refusal(reason, bounded(text)));
    }

    /**
     * {@code text} without control characters and cut to {@value #MAX_MESSAGE_LENGTH} characters,
     * so that a status stays readable in {@code kubectl get} and small in etcd.
     */
    public static String bounded(String text) {
        String clean = text.replaceAll("\\p{Cntrl}+", " ").strip();
        if (clean.length() <= MAX_MESSAGE_LENGTH) {
            return clean;
        }
        return clean.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
}
