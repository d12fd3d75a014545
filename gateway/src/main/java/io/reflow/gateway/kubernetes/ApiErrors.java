package io.reflow.gateway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import java.time.Duration;

/** Turns errors of the Kubernetes API server into what the MCP client is told. */
final class ApiErrors {

    /** Retry-After when the API server is unreachable or overloaded. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private ApiErrors() {}

    /**
     * The client-facing error of a failed API call.
     *
     * @param verb what the gateway tried, as an RBAC verb (create, get, patch, delete, list)
     * @param resource the resource kind in RBAC form (mcpinstances, secrets)
     * @param namespace where
     */
    static UpstreamUnavailableException unavailable(
            KubernetesClientException e, String verb, String resource, String namespace) {
        int code = e.getCode();
        if (code == 403) {
            return new UpstreamUnavailableException(
                    500,
                    "the gateway lacks the Kubernetes permission to "
                            + verb
                            + " "
                            + resource
                            + " in namespace "
                            + namespace
                            + " (check its RBAC Role)",
                    null,
                    e);
        }
        if (code == 401) {
            return new UpstreamUnavailableException(
                    500,
                    "the Kubernetes API server rejected the gateway's credentials while trying to "
                            + verb
                            + " "
                            + resource,
                    null,
                    e);
        }
        if (isTransient(e)) {
            return new UpstreamUnavailableException(
                    503,
                    "the Kubernetes API server is unavailable ("
                            + describe(e)
                            + ") while trying to "
                            + verb
                            + " "
                            + resource
                            + "; retry later",
                    RETRY_AFTER,
                    e);
        }
        return new UpstreamUnavailableException(
                500,
                "the Kubernetes API server refused to "
                        + verb
                        + " "
                        + resource
                        + " in namespace "
                        + namespace
                        + ": HTTP "
                        + code
                        + " "
                        + describe(e),
                null,
                e);
    }

    /** Whether retrying the same call later may succeed: unreachable, 429 or 5xx. */
    static boolean isTransient(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 429 || code >= 500;
    }

    private static String describe(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "unreachable: " + root.getClass().getSimpleName();
        }
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : "HTTP " + e.getCode();
    }
}
