package io.reflow.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The console's policy: this origin only, and the token endpoint's origin when signing in there.
 */
class ConsoleCspTest {

    @Test
    void allowsOnlyThisOriginWithoutAnIdentityProvider() {
        assertThat(ConsoleCsp.policy(Optional.empty())).contains("connect-src 'self';");
    }

    @Test
    void addsTheTokenEndpointsOriginToConnectSrcOnly() {
        String policy =
                ConsoleCsp.policy(
                        Optional.of(URI.create("https://login.example:8443/oauth/token")));
        assertThat(policy)
                .contains("connect-src 'self' https://login.example:8443;")
                .contains("script-src 'self';")
                .contains("form-action 'self'")
                .doesNotContain("/oauth/token");
    }
}
