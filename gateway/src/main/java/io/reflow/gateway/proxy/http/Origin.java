package io.reflow.gateway.proxy.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where connections go: scheme, host and port of an upstream URL. Connections are pooled per
 * origin.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as the URL spells it (IPv6 literals in brackets)
 * @param port the port, the scheme's default when the URL has none
 */
record Origin(String scheme, String host, int port) {

    /**
     * The origin of {@code uri}; rejects other schemes than http and https and URLs without host.
     * Messages never quote the URL: it may carry credentials.
     */
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "upstream URL must use http or https, not '" + scheme + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("upstream URL has no valid host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return new Origin(scheme, uri.getHost(), port);
    }

    /** Whether connections use TLS. */
    boolean secure() {
        return scheme.equals("https");
    }

    /** The {@code Host} header: the host, with the port unless it is the scheme's default. */
    String hostHeader() {
        return port == defaultPort(scheme) ? host : host + ":" + port;
    }

    /** The host to connect to and to verify the certificate against (IPv6 without brackets). */
    String socketHost() {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    /** Whether the host is an IP address, which TLS must not send as server name (SNI). */
    boolean ipLiteral() {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader();
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
