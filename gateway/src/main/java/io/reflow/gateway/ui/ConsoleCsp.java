package io.reflow.gateway.ui;

import java.net.URI;
import java.util.Optional;

/** The Content-Security-Policy of the console's answers, built from what the config needs. */
final class ConsoleCsp {

    private ConsoleCsp() {}

    /**
     * Nothing but this origin, and, when the console signs in through an identity provider, that
     * provider's token endpoint origin in {@code connect-src} (the browser trades the code there).
     */
    static String policy(Optional<URI> tokenEndpoint) {
        String connect = "'self'" + tokenEndpoint.map(uri -> " " + origin(uri)).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src "
                + connect
                + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    /** {@code scheme://host[:port]} of {@code uri}: the origin, nothing of its path. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
