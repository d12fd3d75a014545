package io.reflow.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;

/** URLs as they may be shown: in logs, in errors, to users who are not admins. */
public final class Urls {

    private Urls() {}

    /**
     * {@code url} without user info, query and fragment, where credentials and API keys hide:
     * {@code https://user:pw@host:8443/mcp?key=k} becomes {@code https://host:8443/mcp}. A value
     * that is no URL becomes {@code (invalid URL)}, never itself.
     */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return "(invalid URL)";
            }
            URI plain =
                    new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            null,
                            null);
            return uri.getHost() == null ? "(invalid URL)" : plain.toString();
        } catch (URISyntaxException e) {
            return "(invalid URL)";
        }
    }
}
