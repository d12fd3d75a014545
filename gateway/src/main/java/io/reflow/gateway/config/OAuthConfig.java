package io.reflow.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code auth.oauth} block: what MCP clients that speak the MCP authorization spec learn from
 * the gateway's protected resource metadata (RFC 9728), and which token audience it accepts (RFC
 * 8707). Off unless {@code resource} is set.
 *
 * @param resource public URL of the gateway's {@code /mcp} endpoint, such as {@code
 *     https://gateway.example.com/mcp}; empty turns OAuth discovery off
 * @param authorizationServers issuers of the tokens clients should fetch; by default the JWT issuer
 * @param scopes scopes a client should ask for; may be empty
 * @param resourceName human-readable name clients may show
 */
public record OAuthConfig(
        String resource,
        List<String> authorizationServers,
        List<String> scopes,
        String resourceName) {

    /** OAuth discovery off. */
    public static final OAuthConfig OFF = new OAuthConfig("", List.of(), List.of(), "");

    /** The path the resource URL must have: the gateway's aggregate MCP endpoint. */
    public static final String RESOURCE_PATH = "/mcp";

    // RFC 6749 section 3.3 scope-token: printable ASCII without space, '"' and '\'.
    static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Copies the lists. */
    public OAuthConfig {
        authorizationServers = List.copyOf(authorizationServers);
        scopes = List.copyOf(scopes);
    }

    /** Whether discovery is served and the audience is checked against {@link #resource()}. */
    public boolean enabled() {
        return !resource.isEmpty();
    }

    @Override
    public String toString() {
        return "OAuthConfig[resource="
                + resource
                + ", authorizationServers="
                + authorizationServers
                + ", scopes="
                + scopes
                + ", resourceName="
                + resourceName
                + "]";
    }

    /** Reads {@code auth.oauth}; {@code jwt} gives the default authorization server. */
    static OAuthConfig parse(ConfigNode node, GatewayConfig.Jwt jwt) {
        node.onlyKeys(Set.of("resource", "authorization_servers", "scopes", "resource_name"));
        String resource = node.string("resource", "").trim();
        List<String> servers = trimmed(node.strings("authorization_servers"));
        List<String> scopes = trimmed(node.strings("scopes"));
        if (resource.isEmpty()) {
            if (!servers.isEmpty() || !scopes.isEmpty()) {
                throw new ConfigException(
                        node.key("resource")
                                + ": is required when "
                                + node.key("authorization_servers")
                                + " or "
                                + node.key("scopes")
                                + " is set");
            }
            return OFF;
        }
        checkResource(node.key("resource"), resource);
        if (jwt.hs256Secret().isEmpty() && jwt.jwksUrl().isEmpty()) {
            throw new ConfigException(
                    node.key("resource")
                            + ": needs auth.jwt.jwks_url (or auth.jwt.hs256_secret) to verify the"
                            + " tokens of the authorization server");
        }
        if (servers.isEmpty() && !jwt.issuer().isEmpty()) {
            servers = List.of(jwt.issuer());
        }
        if (servers.isEmpty()) {
            throw new ConfigException(
                    node.key("authorization_servers")
                            + ": is required when auth.jwt.issuer is empty (the issuer is the"
                            + " default)");
        }
        for (int i = 0; i < servers.size(); i++) {
            checkUrl(node.key("authorization_servers") + "[" + i + "]", servers.get(i));
        }
        for (int i = 0; i < scopes.size(); i++) {
            if (!SCOPE.matcher(scopes.get(i)).matches()) {
                throw new ConfigException(
                        node.key("scopes")
                                + "["
                                + i
                                + "]: must be one scope token (printable ASCII, no space, quote"
                                + " or backslash)");
            }
        }
        String name = node.string("resource_name", "Reflow Gateway").trim();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(c -> c < 0x20)) {
            throw new ConfigException(
                    node.key("resource_name") + ": must be 1 to 200 printable characters");
        }
        return new OAuthConfig(resource, servers, scopes, name);
    }

    static List<String> trimmed(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (!value.isBlank()) {
                out.add(value.trim());
            }
        }
        return out;
    }

    private static void checkResource(String key, String value) {
        URI uri = checkUrl(key, value);
        if (!RESOURCE_PATH.equals(uri.getRawPath())) {
            throw new ConfigException(
                    key
                            + ": must be the public URL of the gateway's /mcp endpoint, such as"
                            + " https://gateway.example.com/mcp (path exactly /mcp)");
        }
    }

    /** An https URL (http only on loopback) without user info, query or fragment. */
    static URI checkUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + ": is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean loopback = uri.getHost() != null && LOOPBACK.contains(uri.getHost());
        if (uri.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new ConfigException(
                    key + ": must be an https URL (http only for localhost/127.0.0.1)");
        }
        if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ConfigException(key + ": must have no user info, query or fragment");
        }
        return uri;
    }
}
