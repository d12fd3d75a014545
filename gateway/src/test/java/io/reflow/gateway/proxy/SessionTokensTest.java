package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

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
