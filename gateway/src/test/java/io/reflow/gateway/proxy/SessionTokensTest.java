package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    private static final Clock NOW =
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final SessionTokens tokens =
            new SessionTokens("shared-key-of-all-replicas", Duration.ofMinutes(30), NOW);

    @Test
    void opensWhatItIssuedOnAnyReplicaWithTheSameKey() {
        String token = tokens.issue("github", "alice", "upstream-123");
        SessionTokens otherReplica =
                new SessionTokens("shared-key-of-all-replicas", Duration.ofMinutes(30), NOW);
        assertThat(otherReplica.open(token))
                .hasValueSatisfying(
                        s -> {
                            assertThat(s.target()).isEqualTo("github");
                            assertThat(s.identityKey()).isEqualTo("alice");
                            assertThat(s.upstreamSession()).isEqualTo("upstream-123");
                        });
        assertThat(token).doesNotContain("alice").doesNotContain("upstream-123");
    }

    @Test
    void expiresAfterTheTimeoutOfInactivityNotAFixedTimeAfterInitialize() {
        MovableClock clock = new MovableClock();
        SessionTokens replica = new SessionTokens("k", Duration.ofMinutes(30), clock);
        String token = replica.issue("github", "user:alice", "upstream-1");

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(20)); // two hours of use, a request every 20 min
            assertThat(replica.open(token)).as("after %d min", 20 * (i + 1)).isPresent();
        }
        clock.advance(Duration.ofMinutes(29));
        replica.touch(token); // a stream that ended now
        clock.advance(Duration.ofMinutes(29));
        assertThat(replica.open(token)).isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(replica.open(token)).isEmpty();
        assertThat(replica.open(token)).as("stays expired").isEmpty();
    }

    @Test
    void aReplicaThatNeverServedASessionAcceptsItWithinTheTimeoutOfInitialize() {
        MovableClock clock = new MovableClock();
        SessionTokens first = new SessionTokens("k", Duration.ofMinutes(30), clock);
        SessionTokens second = new SessionTokens("k", Duration.ofMinutes(30), clock);
        String token = first.issue("github", "user:alice", "upstream-1");

        clock.advance(Duration.ofMinutes(29));
        assertThat(second.open(token)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(second.open(token)).as("served 29 min ago by this replica").isPresent();
        SessionTokens restarted = new SessionTokens("k", Duration.ofMinutes(30), clock);
        assertThat(restarted.open(token)).as("58 min after initialize, never served").isEmpty();
    }

    @Test
    void rejectsTamperedForeignAndExpiredTokens() {
        String token = tokens.issue("github", "alice", "upstream-123");
        char flipped = token.charAt(10) == 'a' ? 'b' : 'a';
        String tampered = token.substring(0, 10) + flipped + token.substring(11);
        assertThat(tokens.open(tampered)).isEmpty();
        assertThat(tokens.open("garbage!")).isEmpty();
        SessionTokens foreign = new SessionTokens("another-key", Duration.ofMinutes(30), NOW);
        assertThat(foreign.open(token)).isEmpty();
        SessionTokens later =
                new SessionTokens(
                        "shared-key-of-all-replicas",
                        Duration.ofMinutes(30),
                        Clock.offset(NOW, Duration.ofMinutes(31)));
        assertThat(later.open(token)).isEmpty();
    }
}
