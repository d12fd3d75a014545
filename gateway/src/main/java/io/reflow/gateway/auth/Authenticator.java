package io.reflow.gateway.auth;

import io.reflow.gateway.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization} header into an {@link Identity}: admin tokens from the config,
 * HS256 JWTs with the shared secret, RS256/ES256 JWTs with keys from the JWKS URL. Issuer, audience
 * (with {@code auth.oauth}: the resource or a URL under it, or {@code auth.jwt.audience}) and
 * expiry are checked; unsigned tokens are rejected. A verified JWT is remembered (bounded) until
 * its expiry, at most as long as JWKS keys are cached, so a client's repeated token is not verified
 * again on every request.
 */
public final class Authenticator {

    private final List<byte[]> adminTokens;
    private final GatewayConfig.Auth config;
    // Null when no JWT is configured: then only admin tokens (and anonymous access) work.
    private final JwtVerifier jwtVerifier;
    private final long verifiedTtlMillis;
    private final Optional<ProtectedResource> protectedResource;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private static final int VERIFIED_LIMIT = 4096;

    /** A verified token's identity and until when it may be reused (epoch millis). */
    private record Verified(Identity identity, long untilMillis) {}

    /** Builds the verifier from the {@code auth} config block. */
    public Authenticator(GatewayConfig.Auth config) {
        this(config, Clock.systemUTC());
    }

    Authenticator(GatewayConfig.Auth config, Clock clock) {
        this.config = config;
        this.adminTokens =
                config.adminTokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        GatewayConfig.Jwt jwt = config.jwt();
        this.protectedResource = ProtectedResource.of(config.oauth());
        this.jwtVerifier =
                !jwt.hs256Secret().isEmpty() || !jwt.jwksUrl().isEmpty()
                        ? new JwtVerifier(jwt, config.adminRole(), clock, protectedResource)
                        : null;
        this.verifiedTtlMillis = Math.min(jwt.jwksCacheTtl().toMillis(), 300_000L);
    }

    /** The gateway as an OAuth protected resource, or empty when {@code auth.oauth} is off. */
    public Optional<ProtectedResource> protectedResource() {
        return protectedResource;
    }

    /** Whether {@code auth.allow_anonymous} is on. */
    public boolean allowsAnonymous() {
        return config.allowAnonymous();
    }

    /**
     * The identity behind an {@code Authorization} header value.
     *
     * @throws AuthException when the header is missing (and anonymous access is off) or invalid
     */
    public Identity authenticate(Optional<String> authorization) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            if (config.allowAnonymous()) {
                return Identity.ANONYMOUS;
            }
            throw AuthException.missingToken();
        }
        String value = authorization.get().trim();
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("bearer ")) {
            throw new AuthException("the Authorization header must be 'Bearer <token>'");
        }
        String token = value.substring(7).trim();
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        for (byte[] admin : adminTokens) {
            if (MessageDigest.isEqual(admin, bytes)) {
                return Identity.adminToken(config.adminRole());
            }
        }
        if (jwtVerifier == null || dots(token) != 2) {
            throw new AuthException("unknown token");
        }
        return fromJwt(token);
    }

    private Identity fromJwt(String token) {
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.untilMillis()) {
                return known.identity();
            }
            verified.remove(token);
        }
        JwtVerifier.Verified fresh = jwtVerifier.verify(token);
        long until = Math.min(fresh.expiresAtMillis(), now + verifiedTtlMillis);
        if (verified.size() >= VERIFIED_LIMIT) {
            verified.clear();
        }
        verified.put(token, new Verified(fresh.identity(), until));
        return fresh.identity();
    }

    private static int dots(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }
}
