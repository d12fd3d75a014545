package io.reflow.gateway.proxy;

import io.reflow.gateway.config.GatewayConfig;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DNS-rebinding protection: checks {@code Host} and {@code Origin} against {@code
 * server.allowed_hosts} and {@code server.allowed_origins}. With empty lists, only loopback origins
 * are accepted, and only loopback host names when the server is bound to loopback.
 */
public final class RequestGuard {

    private static final Set<String> LOOPBACK_NAMES =
            Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;
    private final boolean loopbackOnlyHosts;

    /** Builds the guard from the {@code server} block. */
    public RequestGuard(GatewayConfig.Server server) {
        this.allowedHosts = server.allowedHosts().stream().map(RequestGuard::lower).toList();
        this.allowedOrigins = server.allowedOrigins().stream().map(RequestGuard::lower).toList();
        this.loopbackOnlyHosts = allowedHosts.isEmpty() && isLoopback(server.host());
    }

    /** Why the request is refused, or empty when its Host and Origin are acceptable. */
    public Optional<String> check(Optional<String> host, Optional<String> origin) {
        if (host.isPresent() && !hostAllowed(hostName(host.get()))) {
            return Optional.of("Host '" + host.get() + "' is not allowed (server.allowed_hosts)");
        }
        if (origin.isPresent() && !originAllowed(lower(origin.get()))) {
            return Optional.of(
                    "Origin '" + origin.get() + "' is not allowed (server.allowed_origins)");
        }
        return Optional.empty();
    }

    private boolean hostAllowed(String name) {
        if (!allowedHosts.isEmpty()) {
            return allowedHosts.contains("*") || allowedHosts.contains(name);
        }
        return !loopbackOnlyHosts || isLoopback(name);
    }

    private boolean originAllowed(String origin) {
        if (!allowedOrigins.isEmpty()) {
            return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
        }
        try {
            URI uri = URI.create(origin);
            return uri.getHost() != null && isLoopback(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hostName(String hostHeader) {
        String value = lower(hostHeader.trim());
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.lastIndexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    private static boolean isLoopback(String host) {
        String name = lower(host);
        return LOOPBACK_NAMES.contains(name) || name.startsWith("127.");
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
