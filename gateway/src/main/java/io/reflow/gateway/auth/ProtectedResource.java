package io.reflow.gateway.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.config.OAuthConfig;
import io.reflow.gateway.json.Json;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway as an OAuth protected resource (RFC 9728): which metadata document describes which
 * resource path, where a 401 points the client, and which token audiences are this gateway's (RFC
 * 8707). Pure: built from {@link OAuthConfig}, it answers without I/O.
 *
 * <p>The configured resource is the {@code /mcp} endpoint. A client that connects to {@code
 * /mcp/{target}} may ask the authorization server for a token for that URL, so audiences under the
 * resource ({@code <resource>/<target>}) are this gateway's too.
 */
public final class ProtectedResource {

    /** Where the metadata documents are served (RFC 9728 section 3). */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    // A target name as the proxy routes it (a DNS label); anything else has no document.
    private static final Pattern TARGET = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    private final OAuthConfig config;
    private final String origin;

    private ProtectedResource(OAuthConfig config) {
        this.config = config;
        URI uri = URI.create(config.resource());
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The protected resource, or empty when {@code auth.oauth} is off. */
    public static Optional<ProtectedResource> of(OAuthConfig config) {
        return config.enabled() ? Optional.of(new ProtectedResource(config)) : Optional.empty();
    }

    /**
     * The resource a request path of the gateway belongs to: {@code /mcp/{target}} its target's
     * URL, anything else (including {@code /mcp}) the configured resource.
     */
    public String resourceOf(String requestPath) {
        return targetOf(requestPath)
                .map(target -> config.resource() + "/" + target)
                .orElse(config.resource());
    }

    /** The URL of the metadata document for the resource a request path belongs to. */
    public String metadataUrl(String requestPath) {
        return origin + WELL_KNOWN + URI.create(resourceOf(requestPath)).getRawPath();
    }

    /**
     * The metadata document served at {@link #WELL_KNOWN} followed by {@code suffix}: empty or
     * {@code /mcp} describe the configured resource, {@code /mcp/{target}} that target's URL; any
     * other suffix has none.
     */
    public Optional<ObjectNode> metadata(String suffix) {
        String resource;
        if (suffix.isEmpty() || suffix.equals("/") || suffix.equals(OAuthConfig.RESOURCE_PATH)) {
            resource = config.resource();
        } else if (targetOf(suffix).isPresent()) {
            resource = resourceOf(suffix);
        } else {
            return Optional.empty();
        }
        ObjectNode doc = Json.object();
        doc.put("resource", resource);
        config.authorizationServers().forEach(doc.putArray("authorization_servers")::add);
        if (!config.scopes().isEmpty()) {
            config.scopes().forEach(doc.putArray("scopes_supported")::add);
        }
        doc.putArray("bearer_methods_supported").add("header");
        doc.put("resource_name", config.resourceName());
        return Optional.of(doc);
    }

    /** The scopes a client should ask for, for the challenge's {@code scope} parameter. */
    public List<String> scopes() {
        return config.scopes();
    }

    /**
     * Whether a token's {@code aud} values name this gateway: the configured resource or a URL
     * under it. A trailing slash is ignored, as clients differ on it.
     */
    boolean acceptsAudience(List<String> audience) {
        String resource = config.resource();
        for (String value : audience) {
            String aud = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            if (aud.equals(resource)
                    || aud.startsWith(resource + "/")
                            && targetOf(aud.substring(origin.length())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> targetOf(String path) {
        String prefix = OAuthConfig.RESOURCE_PATH + "/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = path.substring(prefix.length());
        return TARGET.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
}
