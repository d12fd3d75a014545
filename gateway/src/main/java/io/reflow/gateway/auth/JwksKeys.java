package io.reflow.gateway.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Public keys from a JWKS URL: cached for a while, fetched again when a token names a key id the
 * cache does not hold (key rotation), at most once a second.
 */
final class JwksKeys {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class.getName());
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);
    private static final int TIMEOUT_MILLIS = 5000;

    private final URI url;
    private final Duration ttl;
    private final Clock clock;
    private JWKSet cached;
    private Instant fetchedAt = Instant.MIN;

    JwksKeys(URI url, Duration ttl, Clock clock) {
        this.url = url;
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized List<Key> keys(JWSHeader header, SecurityContext unused)
            throws KeySourceException {
        Instant now = clock.instant();
        if (cached == null || now.isAfter(fetchedAt.plus(ttl))) {
            refresh(now);
        }
        List<Key> keys = matching(header);
        if (keys.isEmpty() && now.isAfter(fetchedAt.plus(MIN_REFRESH_INTERVAL))) {
            refresh(now);
            keys = matching(header);
        }
        return keys;
    }

    private void refresh(Instant now) throws KeySourceException {
        try {
            cached = JWKSet.load(url.toURL(), TIMEOUT_MILLIS, TIMEOUT_MILLIS, 1024 * 1024);
            fetchedAt = now;
        } catch (IOException | ParseException e) {
            LOG.log(Level.WARNING, "cannot fetch JWKS from " + url + ": " + e.getMessage());
            if (cached == null) {
                throw new KeySourceException("cannot fetch the JWKS", e);
            }
        }
    }

    private List<Key> matching(JWSHeader header) throws KeySourceException {
        List<Key> keys = new ArrayList<>();
        String kid = header.getKeyID();
        for (JWK jwk : cached.getKeys()) {
            if (kid != null && !kid.equals(jwk.getKeyID())) {
                continue;
            }
            try {
                if (jwk instanceof RSAKey rsa && header.getAlgorithm().getName().startsWith("RS")) {
                    keys.add(rsa.toRSAPublicKey());
                } else if (jwk instanceof ECKey ec
                        && header.getAlgorithm().getName().startsWith("ES")) {
                    keys.add(ec.toECPublicKey());
                }
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new KeySourceException("unusable key " + jwk.getKeyID(), e);
            }
        }
        return keys;
    }
}
