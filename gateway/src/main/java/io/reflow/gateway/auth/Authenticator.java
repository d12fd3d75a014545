package io.reflow.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.reflow.gateway.config.GatewayConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an {@code Authorization} header into an {@link Identity}: admin tokens from the config,
 * HS256 JWTs with the shared secret, RS256/ES256 JWTs with keys from the JWKS URL. Issuer, audience
 * and expiry are checked; unsigned tokens are rejected. A verified JWT is remembered (bounded)
 * until its expiry, at most as long as JWKS keys are cached, so a client's repeated token is not
 * verified again on every request.
 */
public final class Authenticator {

    private static final Set<JWSAlgorithm> ASYMMETRIC =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final List<byte[]> adminTokens;
    private final GatewayConfig.Auth config;
    private final DefaultJWTProcessor<SecurityContext> jwtProcessor;
    private final boolean jwtEnabled;
    private final long verifiedTtlMillis;
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
        Key hsKey =
                jwt.hs256Secret().isEmpty()
                        ? null
                        : new SecretKeySpec(
                                jwt.hs256Secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JwksKeys jwks =
                jwt.jwksUrl().isEmpty()
                        ? null
                        : new JwksKeys(URI.create(jwt.jwksUrl()), jwt.jwksCacheTtl(), clock);
        this.jwtEnabled = hsKey != null || jwks != null;
        this.verifiedTtlMillis = Math.min(jwt.jwksCacheTtl().toMillis(), 300_000L);
        JWSKeySelector<SecurityContext> selector =
                (header, context) -> {
                    if (JWSAlgorithm.HS256.equals(header.getAlgorithm()) && hsKey != null) {
                        return List.of(hsKey);
                    }
                    if (ASYMMETRIC.contains(header.getAlgorithm()) && jwks != null) {
                        return jwks.keys(header, context);
                    }
                    return List.of();
                };
        jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(selector);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!jwt.issuer().isEmpty()) {
            exact.issuer(jwt.issuer());
        }
        Set<String> required = new HashSet<>(Set.of("exp", jwt.claims().subject()));
        jwtProcessor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(
                        jwt.audience().isEmpty() ? null : jwt.audience(), exact.build(), required));
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
            throw new AuthException("missing bearer token");
        }
        String value = authorization.get().trim();
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("bearer ")) {
            throw new AuthException("the Authorization header must be 'Bearer <token>'");
        }
        String token = value.substring(7).trim();
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        for (byte[] admin : adminTokens) {
            if (MessageDigest.isEqual(admin, bytes)) {
                return new Identity("admin", config.adminRole(), List.of(), true);
            }
        }
        if (!jwtEnabled || token.chars().filter(c -> c == '.').count() != 2) {
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
        JWTClaimsSet claims = verify(token);
        Identity identity = identity(claims);
        long until = Math.min(claims.getExpirationTime().getTime(), now + verifiedTtlMillis);
        if (verified.size() >= VERIFIED_LIMIT) {
            verified.clear();
        }
        verified.put(token, new Verified(identity, until));
        return identity;
    }

    private JWTClaimsSet verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = jwtProcessor.process(token, null);
        } catch (BadJWTException e) {
            throw new AuthException("invalid token claims: " + e.getMessage(), e);
        } catch (BadJOSEException e) {
            throw new AuthException("invalid token: " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new AuthException("malformed token", e);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AuthException("token cannot be verified", e);
        }
        return claims;
    }

    private Identity identity(JWTClaimsSet claims) {
        GatewayConfig.Claims names = config.jwt().claims();
        String subject = stringClaim(claims, names.subject());
        if (subject == null || subject.isBlank()) {
            throw new AuthException("token has no '" + names.subject() + "' claim");
        }
        String role = stringClaim(claims, names.role());
        boolean admin = role != null && role.equals(config.adminRole());
        return new Identity(subject, role, groups(claims.getClaim(names.groups())), admin);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static List<String> groups(Object value) {
        List<String> groups = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> groups.add(String.valueOf(item)));
        } else if (value instanceof String text && !text.isBlank()) {
            Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(groups::add);
        }
        return groups;
    }
}
