package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.proxy.SessionTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AggregateSessionsTest {

    private final AggregateSessions sessions =
            new AggregateSessions("shared-session-key", Clock.systemUTC());

    private static List<AggregateSessions.Member> members(int count) {
        // Per-target ids are real gateway tokens, as /mcp/{target} issues them.
        SessionTokens tokens =
                new SessionTokens("shared-session-key", Duration.ofMinutes(30), Clock.systemUTC());
        List<AggregateSessions.Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String target = "target-number-" + i;
            members.add(
                    new AggregateSessions.Member(
                            target,
                            tokens.issue(
                                    target,
                                    "user:" + "ab".repeat(32),
                                    UUID.randomUUID().toString())));
        }
        return members;
    }

    @Test
    void anotherReplicaWithTheSameKeyOpensIt() {
        List<AggregateSessions.Member> members = members(3);
        String token = sessions.issue("user:alice", members);
        AggregateSessions other = new AggregateSessions("shared-session-key", Clock.systemUTC());
        var opened = other.open(token).orElseThrow();
        assertThat(opened.identityKey()).isEqualTo("user:alice");
        assertThat(opened.members()).isEqualTo(members);
        assertThat(opened.member("target-number-1")).contains(members.get(1));
    }

    @Test
    void opensToNothingWhenAlteredOrSealedWithAnotherKey() {
        String token = sessions.issue("user:alice", members(1));
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(sessions.open(altered)).isEmpty();
        assertThat(new AggregateSessions("other-key", Clock.systemUTC()).open(token)).isEmpty();
        assertThat(sessions.open("x".repeat(AggregateSessions.MAX_TOKEN_LENGTH + 1))).isEmpty();
    }

    @Test
    void theIdOfTenTargetsStaysWellUnderEightKibibytes() {
        String token = sessions.issue("user:" + "ab".repeat(32), members(10));
        // Measured: 2,614 characters (per-target ids are random, so they hardly compress).
        assertThat(token.length()).isLessThan(4 * 1024);
        assertThat(sessions.open(token)).isPresent();
    }
}
