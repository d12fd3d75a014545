package io.reflow.gateway.ui;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;
import io.reflow.gateway.json.Json;
import java.util.Optional;

/**
 * {@code /ui}: the console's page and its hashed assets, same origin as the API. Every answer
 * carries a Content-Security-Policy that allows nothing but this origin (no inline script or style,
 * no frames), and the page itself is never cached while the hashed assets are, for good. With a
 * sign-in through an identity provider, {@code oidc.json} tells the console how, and the policy
 * lets the page reach that provider's token endpoint too.
 */
public final class ConsoleService implements HttpService {

    /** Where the console is served. */
    public static final String PREFIX = "/ui";

    /** The policy of every answer below {@link #PREFIX} without an identity provider. */
    static final String CSP = ConsoleCsp.policy(Optional.empty());

    private final ConsoleAssets assets;
    private final Optional<OidcSignIn> signIn;

    /** Serves {@code assets}, signing in with tokens only. */
    public ConsoleService(ConsoleAssets assets) {
        this(assets, Optional.empty());
    }

    /** Serves {@code assets}, offering {@code signIn} next to tokens when present. */
    public ConsoleService(ConsoleAssets assets, Optional<OidcSignIn> signIn) {
        this.assets = assets;
        this.signIn = signIn;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(res, "index.html"));
        rules.get("/oidc.json", (req, res) -> oidcSettings(res));
        rules.get("/{+path}", (req, res) -> send(res, req.path().pathParameters().get("path")));
        rules.any(
                "/{+}",
                (req, res) -> {
                    res.header(HeaderNames.ALLOW, "GET");
                    plain(res, 405, "only GET is allowed on the console's files\n");
                });
    }

    private void oidcSettings(ServerResponse res) {
        securityHeaders(res, CSP);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (signIn.isEmpty()) {
            res.send("{\"enabled\":false}");
            return;
        }
        try {
            res.send(Json.write(signIn.get().settings()));
        } catch (ProviderEndpoints.DiscoveryException e) {
            res.status(502);
            var error = Json.object();
            error.putObject("error")
                    .put("code", "identity_provider_unavailable")
                    .put("message", "the identity provider's endpoints: " + e.getMessage());
            res.send(Json.write(error));
        }
    }

    private void send(ServerResponse res, String name) {
        Optional<ConsoleAssets.Asset> asset = assets.get(name);
        if (asset.isEmpty()) {
            plain(
                    res,
                    404,
                    assets.built()
                            ? "no such file in the console\n"
                            : "the console is not built into this jar (build with Maven)\n");
            return;
        }
        // Only the page needs the provider's origin: the policy of a document governs its fetches.
        securityHeaders(
                res,
                name.equals("index.html")
                        ? ConsoleCsp.policy(signIn.flatMap(OidcSignIn::tokenEndpoint))
                        : CSP);
        res.header(
                HeaderNames.CACHE_CONTROL,
                asset.get().immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        res.header(HeaderNames.CONTENT_TYPE, asset.get().contentType());
        res.send(asset.get().body());
    }

    private static void plain(ServerResponse res, int status, String text) {
        securityHeaders(res, CSP);
        res.status(status);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(text);
    }

    private static void securityHeaders(ServerResponse res, String policy) {
        res.header("Content-Security-Policy", policy);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Frame-Options", "DENY");
        res.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
