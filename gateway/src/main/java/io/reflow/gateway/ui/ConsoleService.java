package io.reflow.gateway.ui;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code /ui}: the console's page and its hashed assets, same origin as the API. Every answer
 * carries a Content-Security-Policy that allows nothing but this origin (no inline script or style,
 * no frames), and the page itself is never cached while the hashed assets are, for good.
 */
public final class ConsoleService implements HttpService {

    /** Where the console is served. */
    public static final String PREFIX = "/ui";

    /** The policy of every answer below {@link #PREFIX}. */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                    + " form-action 'self'";

    private final ConsoleAssets assets;

    /** Serves {@code assets}. */
    public ConsoleService(ConsoleAssets assets) {
        this.assets = assets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(res, "index.html"));
        rules.get("/{+path}", (req, res) -> send(res, req.path().pathParameters().get("path")));
        rules.any(
                "/{+}",
                (req, res) -> {
                    res.header(HeaderNames.ALLOW, "GET");
                    plain(res, 405, "only GET is allowed on the console's files\n");
                });
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
        securityHeaders(res);
        res.header(
                HeaderNames.CACHE_CONTROL,
                asset.get().immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        res.header(HeaderNames.CONTENT_TYPE, asset.get().contentType());
        res.send(asset.get().body());
    }

    private static void plain(ServerResponse res, int status, String text) {
        securityHeaders(res);
        res.status(status);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(text);
    }

    private static void securityHeaders(ServerResponse res) {
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Frame-Options", "DENY");
        res.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
