package io.reflow.gateway.aggregate;

import java.util.List;
import java.util.Optional;

/**
 * One {@code /mcp} request inside an open session.
 *
 * @param caller the client
 * @param token the session id as the client sent it
 * @param session the opened session
 * @param prefixes each member with its current {@code tool_prefix}, in the session's order
 */
record Context(
        Caller caller,
        String token,
        AggregateSessions.Session session,
        List<Names.Prefixed> prefixes) {

    /** The member of {@code target}, if it joined. */
    Optional<AggregateSessions.Member> member(String target) {
        return session.member(target);
    }

    /** The member with {@code prefix}'s target. */
    AggregateSessions.Member member(Names.Prefixed prefix) {
        return session.member(prefix.target()).orElseThrow();
    }
}
