package io.reflow.gateway.proxy;

import io.reflow.gateway.auth.AuthException;
import io.reflow.gateway.auth.ProtectedResource;
import java.util.Optional;

/** The {@code WWW-Authenticate} value of a 401. */
public final class AuthChallenge {

    private AuthChallenge() {}

    /**
     * A Bearer challenge with the exception's fixed description; quotes and backslashes, which
     * would end the quoted string, and control characters are removed.
     */
    public static String of(AuthException e) {
        return of(e, Optional.empty(), "");
    }

    /**
     * A Bearer challenge for a request to {@code requestPath}. With OAuth discovery on it names the
     * metadata document of the path's resource ({@code resource_metadata}, RFC 9728 section 5.1)
     * and the scopes to ask for, which is how an MCP client learns where to get a token. A request
     * without a token gets no error code (RFC 6750 section 3.1); a refused token gets {@code
     * invalid_token} with the exception's fixed description.
     */
    public static String of(
            AuthException e, Optional<ProtectedResource> resource, String requestPath) {
        StringBuilder value = new StringBuilder("Bearer realm=\"reflow\"");
        resource.ifPresent(
                r -> {
                    value.append(", resource_metadata=\"")
                            .append(quoted(r.metadataUrl(requestPath)))
                            .append('"');
                    if (!r.scopes().isEmpty()) {
                        value.append(", scope=\"")
                                .append(quoted(String.join(" ", r.scopes())))
                                .append('"');
                    }
                });
        if (!e.tokenMissing() || resource.isEmpty()) {
            // Without discovery the challenge keeps its error code even for a missing token, as
            // clients of earlier versions read it.
            value.append(", error=\"invalid_token\", error_description=\"")
                    .append(quoted(e.getMessage()))
                    .append('"');
        }
        return HeaderValues.safe(value.toString());
    }

    private static String quoted(String text) {
        return text.replace("\"", "'").replace("\\", "");
    }
}
