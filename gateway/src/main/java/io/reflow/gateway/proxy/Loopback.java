package io.reflow.gateway.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a {@code Host} or {@code Origin} names this machine's loopback interface: exactly {@code
 * localhost}, or an IP literal in 127.0.0.0/8, {@code ::1} or IPv4-mapped loopback. Names that only
 * begin like one ({@code 127.0.0.1.evil.com}, {@code localhost.evil.com}) are DNS names an attacker
 * controls and are not loopback. Nothing here resolves a name.
 */
final class Loopback {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private Loopback() {}

    /**
     * Whether {@code host} (a name, or an IP literal; IPv6 with or without brackets) is loopback.
     */
    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        boolean literal =
                IPV4.matcher(name).matches()
                        || (name.contains(":") && IPV6.matcher(name).matches());
        if (!literal) {
            return false;
        }
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The host of a {@code Host} header ({@code host[:port]}, IPv6 in brackets), lower case; empty
     * when the value is not of that form or the port is not a number in 1..65535.
     */
    static Optional<String> hostOfHostHeader(String header) {
        String value = header.trim().toLowerCase(Locale.ROOT);
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            host = value.substring(0, end + 1);
            String rest = value.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isEmpty() || (port != null && !validPort(port))) {
            return Optional.empty();
        }
        return Optional.of(host);
    }

    /** Whether an {@code Origin} header is {@code scheme://host[:port]} with a loopback host. */
    static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            return uri.getScheme() != null
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535))
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && isLoopback(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean validPort(String port) {
        if (!PORT.matcher(port).matches()) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }
}
