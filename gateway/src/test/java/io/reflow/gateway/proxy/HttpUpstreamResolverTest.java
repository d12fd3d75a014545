package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.auth.Identity;
import io.reflow.gateway.target.EnvScope;
import io.reflow.gateway.target.FileTargetStore;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetCatalog;
import io.reflow.mcp.api.AuthType;
import io.reflow.mcp.api.TransportType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpUpstreamResolverTest {

    @TempDir Path dir;

    private static Target target(AuthType auth, String header) {
        return new Target(
                "api",
                TransportType.STREAMABLE_HTTP,
                "http://api/mcp",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                auth,
                header,
                null,
                false);
    }

    @Test
    void turnsReservedKeysIntoHeadersUrlAndTimeoutWithUserOverridingDefault() {
        try (FileTargetStore store = FileTargetStore.open(dir, new byte[32])) {
            Target target = target(AuthType.HEADER, "X-Api-Key");
            store.create(target);
            store.putEnv(
                    "api",
                    EnvScope.DEFAULT,
                    Map.of("AUTH_TOKEN", "shared", "REGION", "eu", "TIMEOUT", "7s"));
            store.putEnv(
                    "api",
                    EnvScope.user("alice"),
                    Map.of("AUTH_TOKEN", "alices", "BASE_URL", "http://alice-api/mcp"));
            Upstream upstream =
                    new HttpUpstreamResolver(new TargetCatalog(List.of(), store))
                            .resolve(target, new Identity("alice", null, List.of(), false));
            assertThat(upstream.headers())
                    .containsEntry("X-Api-Key", "alices")
                    .containsEntry("X-Env-REGION", "eu")
                    .doesNotContainKey("Authorization");
            assertThat(upstream.mcpEndpoint()).isEqualTo(URI.create("http://alice-api/mcp"));
            assertThat(upstream.timeout()).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void sendsAuthTokenAsBearerAndNeverForNone() {
        try (FileTargetStore store = FileTargetStore.open(dir, new byte[32])) {
            Target bearer = target(AuthType.BEARER, null);
            store.create(bearer);
            store.putEnv(
                    "api",
                    EnvScope.DEFAULT,
                    Map.of("AUTH_TOKEN", "tok", "AUTH_HEADER", "X-Tenant: acme"));
            TargetCatalog catalog = new TargetCatalog(List.of(), store);
            Identity bob = new Identity("bob", null, List.of(), false);
            assertThat(new HttpUpstreamResolver(catalog).resolve(bearer, bob).headers())
                    .containsEntry("Authorization", "Bearer tok")
                    .containsEntry("X-Tenant", "acme");
            assertThat(
                            new HttpUpstreamResolver(catalog)
                                    .resolve(target(AuthType.NONE, null), bob)
                                    .headers())
                    .doesNotContainKey("Authorization");
        }
    }
}
