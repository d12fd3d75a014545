package io.reflow.gateway.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.config.ConsoleOidcConfig;
import io.reflow.gateway.json.Json;
import java.net.URI;
import java.util.Optional;

/**
 * What the console needs to sign in through the identity provider ({@code GET /ui/oidc.json}): the
 * provider's endpoints, the client id, scopes, the resource indicator and where the provider sends
 * the browser back. Nothing secret: the console is a public client.
 */
public final class OidcSignIn {

    /** The console's page, where the provider sends the browser back with the code. */
    public static final String REDIRECT_PATH = ConsoleService.PREFIX + "/";

    private final ConsoleOidcConfig config;
    private final ProviderEndpoints endpoints;

    /** Signs in with {@code config}, the endpoints read through {@code endpoints}. */
    public OidcSignIn(ConsoleOidcConfig config, ProviderEndpoints endpoints) {
        this.config = config;
        this.endpoints = endpoints;
    }

    /**
     * The settings the console reads.
     *
     * @throws ProviderEndpoints.DiscoveryException when the provider's endpoints cannot be had
     */
    ObjectNode settings() {
        ProviderEndpoints.Endpoints found = endpoints.get();
        ObjectNode out = Json.object();
        out.put("enabled", true);
        out.put("issuer", config.issuer());
        out.put("authorization_endpoint", found.authorization().toString());
        out.put("token_endpoint", found.token().toString());
        out.put("client_id", config.clientId());
        config.scopes().forEach(out.withArray("scopes")::add);
        if (!config.resource().isEmpty()) {
            out.put("resource", config.resource());
        }
        out.put("redirect_path", REDIRECT_PATH);
        return out;
    }

    /** The token endpoint, when it is known now (for the page's policy). */
    Optional<URI> tokenEndpoint() {
        try {
            return Optional.of(endpoints.get().token());
        } catch (ProviderEndpoints.DiscoveryException e) {
            return Optional.empty();
        }
    }
}
