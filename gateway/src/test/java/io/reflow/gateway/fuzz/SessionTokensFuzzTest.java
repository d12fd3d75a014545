package io.reflow.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reflow.gateway.proxy.SessionTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * {@code Mcp-Session-Id} tokens: every issued token opens to what was sealed in it, and no other
 * text opens at all: not an altered token, not one sealed under another key, not an expired one,
 * and not any text a client makes up.
 */
class SessionTokensFuzzTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final SessionTokens TOKENS =
            new SessionTokens("fuzzing-session-key-0123456789", TIMEOUT, CLOCK);
    private static final SessionTokens OTHER_KEY =
            new SessionTokens("another-session-key-0123456789", TIMEOUT, CLOCK);
    private static final SessionTokens LATER =
            new SessionTokens(
                    "fuzzing-session-key-0123456789",
                    TIMEOUT,
                    Clock.fixed(NOW.plus(TIMEOUT).plusSeconds(1), ZoneOffset.UTC));

    /** Seals fuzzed fields, then opens the token as issued, altered and made up. */
    @FuzzTest
    void onlyTheIssuedTokenOpens(FuzzedDataProvider data) {
        String target = data.consumeString(64);
        String subject = data.consumeString(128);
        String upstream = data.consumeString(256);
        String token = TOKENS.issue(target, subject, upstream);

        assertThat(TOKENS.open(token))
                .hasValue(new SessionTokens.Session(target, subject, upstream, NOW));
        assertThat(OTHER_KEY.open(token)).as("sealed under another key").isEmpty();
        assertThat(LATER.open(token)).as("older than the session timeout").isEmpty();

        String altered = alter(token, data);
        if (!altered.equals(token)) {
            // A fresh instance: nothing it opened before can stand in for decryption.
            SessionTokens fresh =
                    new SessionTokens("fuzzing-session-key-0123456789", TIMEOUT, CLOCK);
            assertThat(fresh.open(altered)).as("altered token %s", altered).isEmpty();
            assertThat(TOKENS.open(altered)).as("altered token %s", altered).isEmpty();
        }
        assertThat(TOKENS.open(data.consumeRemainingAsString())).as("made-up text").isEmpty();
    }

    /** The token with one change a client or an attacker could make. */
    private static String alter(String token, FuzzedDataProvider data) {
        int at = data.consumeInt(0, token.length() - 1);
        String head = token.substring(0, at);
        String tail = token.substring(at + 1);
        return switch (data.consumeInt(0, 4)) {
            case 0 -> head + data.consumeChar() + tail; // one character replaced
            case 1 -> token.substring(0, at); // truncated
            case 2 -> token + data.consumeString(8); // appended to
            case 3 -> head + tail; // one character dropped
            default -> head + flipBit(token.charAt(at), data.consumeInt(0, 5)) + tail;
        };
    }

    private static char flipBit(char c, int bit) {
        return (char) (c ^ (1 << bit));
    }
}
