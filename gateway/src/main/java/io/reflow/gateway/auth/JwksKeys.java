package io.reflow.gateway.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.events.Event;
import io.reflow.gateway.config.Urls;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Public keys from a JWKS URL through the JOSE library's JWK set source: cached for {@code
 * jwks_cache_ttl}, refreshed ahead of expiry, fetched at most twice per {@link #minInterval} when
 * tokens name unknown key ids (so made-up ids cannot force fetches), and, during an outage of the
 * JWKS URL, the last keys keep working for ten cache lifetimes. Concurrent requests wait for a
 * refresh at most its timeout, never for a lock held across a hanging fetch.
 */
final class JwksKeys implements JWKSource<SecurityContext> {

    private static final Logger LOG = Logger.getLogger(JwksKeys.class.getName());
    private static final int TIMEOUT_MILLIS = 5000;
    private static final int SIZE_LIMIT = 1024 * 1024;

    private final JWKSetSource<SecurityContext> source;
    private final Clock clock;

    JwksKeys(URI url, Duration ttl, Clock clock) {
        this.clock = clock;
        long ttlMillis = ttl.toMillis();
        String shown = Urls.redacted(url.toString());
        JWKSource<SecurityContext> built;
        try {
            built =
                    JWKSourceBuilder.<SecurityContext>create(
                                    url.toURL(),
                                    new DefaultResourceRetriever(
                                            TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT))
                            .cache(ttlMillis, refreshTimeout(ttl).toMillis())
                            // Refreshes ahead of expiry run on virtual threads, which never
                            // keep the JVM alive (the library's default thread would); no
                            // scheduler: a request near expiry starts the refresh.
                            .refreshAheadCache(
                                    refreshAhead(ttl).toMillis(),
                                    event -> log(shown, event),
                                    Executors.newVirtualThreadPerTaskExecutor(),
                                    true,
                                    null,
                                    false)
                            .rateLimited(minInterval(ttl).toMillis(), event -> log(shown, event))
                            .outageTolerant(ttlMillis * 10, event -> log(shown, event))
                            .retrying(false)
                            .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("auth.jwt.jwks_url is not a URL", e);
        }
        // The builder's own top layer reads the system clock; asking the chain below it directly
        // lets the gateway's clock decide when keys expire.
        this.source = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
    }

    /** The least time between two fetches caused by unknown key ids: a tenth of the TTL, 1-30 s. */
    static Duration minInterval(Duration ttl) {
        Duration floor =
                ttl.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
                        ? ttl.dividedBy(2)
                        : Duration.ofSeconds(1);
        return clamp(ttl.dividedBy(10), floor, Duration.ofSeconds(30));
    }

    private static Duration refreshAhead(Duration ttl) {
        return clamp(ttl.dividedBy(10), Duration.ofMillis(1), Duration.ofSeconds(30));
    }

    private static Duration refreshTimeout(Duration ttl) {
        return clamp(ttl.dividedBy(10), Duration.ofMillis(1), Duration.ofMillis(TIMEOUT_MILLIS));
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet keys = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> matches = selector.select(keys);
        if (!matches.isEmpty()) {
            return matches;
        }
        // An unknown key may be a rotation: refresh, as often as the rate limit allows.
        try {
            JWKSet fresh =
                    source.getJWKSet(
                            JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, context);
            return selector.select(fresh);
        } catch (RateLimitReachedException e) {
            return List.of();
        }
    }

    private static <S> void log(String url, Event<S, SecurityContext> event) {
        String name = event.getClass().getSimpleName();
        if (event instanceof CachingJWKSetSource.UnableToRefreshEvent
                || event instanceof OutageTolerantJWKSetSource.OutageEvent) {
            LOG.warning("JWKS " + url + ": " + name + "; keeping the keys fetched before");
        } else {
            LOG.fine(() -> "JWKS " + url + ": " + name);
        }
    }
}
