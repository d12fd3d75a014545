package io.reflow.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.reflow.gateway.config.GatewayConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies JWTs: HS256 with the shared secret, RS256/ES256 with keys from the JWKS URL; checks
 * issuer, audience and expiry, rejects unsigned tokens, and maps the claims to an {@link Identity}.
 * Built only when {@code auth.jwt} configures a secret or a JWKS URL, so a gateway without JWTs
 * never loads the JOSE library.
 */
final class JwtVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class.getName());
    private static final Set<JWSAlgorithm> ASYMMETRIC =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** A verified token's identity and when the token expires (epoch millis). */
    record Verified(Identity identity, long expiresAtMillis) {}

    private final GatewayConfig.Claims claimNames;
    private final String adminRole;
    private final DefaultJWTProcessor<SecurityContext> processor;
    // Set when auth.oauth is on: then the audience is checked here, not by the library.
    private final ProtectedResource resource;
    private final String audience;

    JwtVerifier(GatewayConfig.Jwt jwt, String adminRole, Clock clock) {
        this(jwt, adminRole, clock, Optional.empty());
    }

    JwtVerifier(
            GatewayConfig.Jwt jwt,
            String adminRole,
            Clock clock,
            Optional<ProtectedResource> resource) {
        this.claimNames = jwt.claims();
        this.adminRole = adminRole;
        this.resource = resource.orElse(null);
        this.audience = jwt.audience();
        Key hsKey =
                jwt.hs256Secret().isEmpty()
                        ? null
                        : new SecretKeySpec(
                                jwt.hs256Secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JWSVerificationKeySelector<SecurityContext> jwks =
                jwt.jwksUrl().isEmpty()
                        ? null
                        : new JWSVerificationKeySelector<>(
                                ASYMMETRIC,
                                new JwksKeys(URI.create(jwt.jwksUrl()), jwt.jwksCacheTtl(), clock));
        JWSKeySelector<SecurityContext> selector =
                (header, context) -> {
                    if (JWSAlgorithm.HS256.equals(header.getAlgorithm()) && hsKey != null) {
                        return List.of(hsKey);
                    }
                    if (ASYMMETRIC.contains(header.getAlgorithm()) && jwks != null) {
                        return jwks.selectJWSKeys(header, context);
                    }
                    return List.of();
                };
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(selector);
        // Access tokens of an OAuth authorization server are typed at+jwt (RFC 9068); the
        // library's default accepts only JWT and no type.
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(
                        JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!jwt.issuer().isEmpty()) {
            exact.issuer(jwt.issuer());
        }
        Set<String> required = new HashSet<>(Set.of("exp", claimNames.subject()));
        // With OAuth the token may name the resource or auth.jwt.audience (see audienceAccepted),
        // a choice of two the library's single required audience cannot express.
        String libraryAudience =
                this.resource != null || jwt.audience().isEmpty() ? null : jwt.audience();
        processor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(libraryAudience, exact.build(), required));
    }

    /**
     * The identity a signed, valid token carries.
     *
     * @throws AuthException when the token is malformed, badly signed, expired or lacks claims
     */
    Verified verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ExpiredJWTException e) {
            throw refused("token expired", e);
        } catch (BadJWTException e) {
            throw refused("token claims rejected (issuer, audience, expiry or subject)", e);
        } catch (BadJOSEException e) {
            throw refused("token rejected (type, algorithm, key or signature)", e);
        } catch (ParseException e) {
            throw refused("malformed token", e);
        } catch (JOSEException e) {
            throw refused("token cannot be verified", e);
        }
        if (resource != null && !audienceAccepted(claims.getAudience())) {
            // RFC 8707: a token the authorization server issued for another resource is refused,
            // so a token meant for some other service cannot be replayed here.
            throw new AuthException(AUDIENCE_REFUSED);
        }
        return new Verified(identity(claims), claims.getExpirationTime().getTime());
    }

    /** The fixed description of a token issued for another audience. */
    static final String AUDIENCE_REFUSED = "token audience is not this gateway";

    private boolean audienceAccepted(List<String> aud) {
        return resource.acceptsAudience(aud) || !audience.isEmpty() && aud.contains(audience);
    }

    /**
     * A refusal with a fixed description. The library's text may quote fields of the token (read
     * before its signature is checked), so it goes only to the log, without control characters.
     */
    private static AuthException refused(String description, Exception cause) {
        LOG.fine(
                () ->
                        description
                                + ": "
                                + String.valueOf(cause.getMessage()).replaceAll("\\p{Cntrl}", "?"));
        return new AuthException(description);
    }

    private Identity identity(JWTClaimsSet claims) {
        String subject = stringClaim(claims, claimNames.subject());
        if (subject == null || subject.isBlank()) {
            throw new AuthException("token has no '" + claimNames.subject() + "' claim");
        }
        String role = stringClaim(claims, claimNames.role());
        boolean admin = role != null && role.equals(adminRole);
        return new Identity(subject, role, groups(claims.getClaim(claimNames.groups())), admin);
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
