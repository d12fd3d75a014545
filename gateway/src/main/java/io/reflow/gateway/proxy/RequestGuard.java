package io.reflow.gateway.proxy;

import io.reflow.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DNS-rebinding protection: checks {@code Host} and {@code Origin} against {@code
 * server.allowed_hosts} and {@code server.allowed_origins}. With empty lists, only loopback origins
 * are accepted, and only loopback host names when the server is bound to loopback: {@code
 * localhost} and IP literals, never a DNS name that merely starts like one.
 */
public final class RequestGuard {

    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;
    private final boolean loopbackOnlyHosts;

    /** Builds the guard from the {@code server} block. */
    public RequestGuard(GatewayConfig.Server server) {
        this.allowedHosts = server.allowedHosts().stream().map(RequestGuard::lower).toList();
        this.allowedOrigins = server.allowedOrigins().stream().map(RequestGuard::lower).toList();
        this.loopbackOnlyHosts = allowedHosts.isEmpty() && Loopback.isLoopback(server.host());
    }

    /** Why the request is refused, or empty when its Host and Origin are acceptable. */
    public Optional<String> check(Optional<String> host, Optional<String> origin) {
        if (host.isPresent() && !hostAllowed(host.get())) {
            return Optional.of(
                    "Host '"
                            + HeaderValues.safe(host.get())
                            + "' is not allowed (server.allowed_hosts)");
        }
        if (origin.isPresent() && !originAllowed(origin.get())) {
            return Optional.of(
                    "Origin '"
                            + HeaderValues.safe(origin.get())
                            + "' is not allowed (server.allowed_origins)");
        }
        return Optional.empty();
    }

    private boolean hostAllowed(String header) {
        Optional<String> name = Loopback.hostOfHostHeader(header);
        if (name.isEmpty()) {
            return false;
        }
        if (!allowedHosts.isEmpty()) {
            return allowedHosts.contains("*") || allowedHosts.contains(name.get());
        }
        return !loopbackOnlyHosts || Loopback.isLoopback(name.get());
    }

    private boolean originAllowed(String origin) {
        if (!allowedOrigins.isEmpty()) {
            return allowedOrigins.contains("*") || allowedOrigins.contains(lower(origin));
        }
        return Loopback.isLoopbackOrigin(origin);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
