package io.reflow.gateway.config;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code ui.oidc} block: the console's "Sign in with your identity provider" (OIDC
 * authorization code with PKCE, the console being a public client without a secret). Off unless
 * {@code client_id} is set.
 *
 * @param clientId the console's client id at the provider; empty turns the sign-in off
 * @param issuer the provider's issuer URL, where its {@code .well-known/openid-configuration} is
 * @param scopes scopes the console asks for
 * @param resource the resource indicator (RFC 8707) sent along, {@code auth.oauth.resource}, so the
 *     access token's audience is the gateway; empty for none
 */
public record ConsoleOidcConfig(
        String clientId, String issuer, List<String> scopes, String resource) {

    /** The sign-in through an identity provider off. */
    public static final ConsoleOidcConfig OFF = new ConsoleOidcConfig("", "", List.of(), "");

    // RFC 6749 appendix A.1: client_id is printable ASCII (VSCHAR), space excluded here.
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");

    /** Copies the scopes. */
    public ConsoleOidcConfig {
        scopes = List.copyOf(scopes);
    }

    /** Whether the console offers the sign-in through the identity provider. */
    public boolean enabled() {
        return !clientId.isEmpty();
    }

    /** Where the provider publishes its endpoints (OpenID Connect Discovery 1.0). */
    public URI discoveryUrl() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    @Override
    public String toString() {
        return "ConsoleOidcConfig[clientId="
                + clientId
                + ", issuer="
                + issuer
                + ", scopes="
                + scopes
                + ", resource="
                + resource
                + "]";
    }

    /** Reads {@code ui}; the issuer defaults to the JWT issuer, the resource is OAuth's. */
    static ConsoleOidcConfig parse(ConfigNode ui, GatewayConfig.Auth auth) {
        ui.onlyKeys(Set.of("oidc"));
        ConfigNode node = ui.child("oidc");
        node.onlyKeys(Set.of("client_id", "issuer", "scopes"));
        String clientId = node.string("client_id", "").trim();
        String issuer = node.string("issuer", "").trim();
        List<String> scopes = OAuthConfig.trimmed(node.strings("scopes"));
        if (clientId.isEmpty()) {
            if (!issuer.isEmpty() || !scopes.isEmpty()) {
                throw new ConfigException(
                        node.key("client_id")
                                + ": is required when "
                                + node.key("issuer")
                                + " or "
                                + node.key("scopes")
                                + " is set");
            }
            return OFF;
        }
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new ConfigException(
                    node.key("client_id") + ": must be 1 to 200 printable ASCII characters");
        }
        GatewayConfig.Jwt jwt = auth.jwt();
        if (jwt.jwksUrl().isEmpty()) {
            throw new ConfigException(
                    node.key("client_id")
                            + ": needs auth.jwt.jwks_url to verify the tokens the identity"
                            + " provider issues");
        }
        issuer = issuer(node, issuer, jwt.issuer());
        for (int i = 0; i < scopes.size(); i++) {
            if (!OAuthConfig.SCOPE.matcher(scopes.get(i)).matches()) {
                throw new ConfigException(
                        node.key("scopes")
                                + "["
                                + i
                                + "]: must be one scope token (printable ASCII, no space, quote"
                                + " or backslash)");
            }
        }
        return new ConsoleOidcConfig(
                clientId,
                issuer,
                scopes.isEmpty() ? List.of("openid") : scopes,
                auth.oauth().resource());
    }

    private static String issuer(ConfigNode node, String issuer, String jwtIssuer) {
        String key = node.key("issuer");
        if (issuer.isEmpty() && jwtIssuer.isEmpty()) {
            throw new ConfigException(
                    key
                            + ": is required when auth.jwt.issuer is empty (the issuer is the default)");
        }
        if (!issuer.isEmpty() && !jwtIssuer.isEmpty() && !issuer.equals(jwtIssuer)) {
            // The gateway would refuse every token the console signs in with.
            throw new ConfigException(
                    key
                            + ": '"
                            + issuer
                            + "' differs from auth.jwt.issuer '"
                            + jwtIssuer
                            + "', whose tokens are the only ones accepted");
        }
        String chosen = issuer.isEmpty() ? jwtIssuer : issuer;
        OAuthConfig.checkUrl(issuer.isEmpty() ? "auth.jwt.issuer" : key, chosen);
        return chosen;
    }
}
