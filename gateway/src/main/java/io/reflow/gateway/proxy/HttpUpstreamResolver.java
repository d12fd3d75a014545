package io.reflow.gateway.proxy;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.target.EnvResolver;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.mcp.api.AuthType;
import io.reflow.mcp.api.Durations;
import io.reflow.mcp.api.IsolationBoundary;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Resolves {@code streamable-http} targets: the target's URL plus headers from the caller's env
 * configs. Reserved keys: {@code AUTH_TOKEN} (as bearer token, or in the {@code auth_header_name}
 * header when {@code auth_type} is header; not sent when it is none), {@code AUTH_HEADER} (a whole
 * {@code Name: value} header), {@code BASE_URL} (replaces the URL), {@code TIMEOUT} (read timeout,
 * e.g. {@code 30s}); every other key is sent as {@code X-Env-<KEY>}.
 */
public final class HttpUpstreamResolver implements UpstreamResolver {

    private static final Logger LOG = Logger.getLogger(HttpUpstreamResolver.class.getName());

    private final TargetCatalog catalog;

    /** Reads env configs from {@code catalog}. */
    public HttpUpstreamResolver(TargetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Upstream resolve(Target target, Identity identity) {
        Map<String, String> env =
                EnvResolver.resolve(
                        catalog.envConfigs(target.name()), identity, IsolationBoundary.PER_USER);
        Map<String, String> headers = new LinkedHashMap<>();
        URI url = URI.create(target.url());
        Duration timeout = null;
        for (Map.Entry<String, String> entry : env.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                LOG.warning("target " + target.name() + ": env key " + key + " has a line break");
                continue;
            }
            switch (key) {
                case "AUTH_TOKEN" -> authToken(target, value, headers);
                case "AUTH_HEADER" -> authHeader(target, value, headers);
                case "BASE_URL" -> url = baseUrl(target, value);
                case "TIMEOUT" -> timeout = timeout(target, value);
                default -> headers.put("X-Env-" + key, value);
            }
        }
        return new Upstream(url, headers, timeout, null);
    }

    private static void authToken(Target target, String value, Map<String, String> headers) {
        AuthType type = target.authType() == null ? AuthType.BEARER : target.authType();
        switch (type) {
            case BEARER -> headers.put("Authorization", "Bearer " + value);
            case HEADER -> headers.put(target.authHeaderName(), value);
            case NONE -> {}
            default -> throw new IllegalStateException("unknown auth type " + type);
        }
    }

    private static void authHeader(Target target, String value, Map<String, String> headers) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new UpstreamUnavailableException(
                    502,
                    "target " + target.name() + ": env AUTH_HEADER must be 'Name: value'",
                    null);
        }
        headers.put(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
    }

    /** The BASE_URL env value as a URL; errors name the key, never the value (a secret). */
    private static URI baseUrl(Target target, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null
                    && uri.getScheme().matches("(?i)https?")
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Answered below, without the reason: it quotes the value.
        }
        throw new UpstreamUnavailableException(
                502,
                "target " + target.name() + ": env BASE_URL must be an absolute http(s) URL",
                null);
    }

    private static Duration timeout(Target target, String value) {
        try {
            return value.matches("[0-9]+")
                    ? Duration.ofSeconds(Long.parseLong(value))
                    : Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UpstreamUnavailableException(
                    502,
                    "target "
                            + target.name()
                            + ": env TIMEOUT must be seconds or a duration such as 30s",
                    null);
        }
    }
}
