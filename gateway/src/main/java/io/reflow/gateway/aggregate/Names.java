package io.reflow.gateway.aggregate;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Tool and prompt names on {@code /mcp}: each target's names with its {@code tool_prefix} in front.
 * Pure. When two targets would show the same name, the one with the longer prefix keeps it, and
 * between equal prefixes the one whose name sorts first; the other's item is left out. The rule
 * compares only the two targets involved, so adding or removing a third never renames anything.
 */
public final class Names {

    private Names() {}

    /**
     * A target and its prefix.
     *
     * @param target the target name
     * @param prefix its effective {@code tool_prefix}
     */
    public record Prefixed(String target, String prefix) {}

    /** Who keeps a shared name: longer prefix first, then the target name. */
    static final Comparator<Prefixed> PRECEDENCE =
            Comparator.comparingInt((Prefixed p) -> -p.prefix().length())
                    .thenComparing(Prefixed::target);

    /** The name {@code name} of {@code member} shows as. */
    public static String outward(Prefixed member, String name) {
        return member.prefix() + name;
    }

    /**
     * The members whose prefix starts {@code outward}, in order of precedence: those that could
     * have listed it.
     */
    public static List<Prefixed> candidates(List<Prefixed> members, String outward) {
        return members.stream()
                .filter(m -> outward.startsWith(m.prefix()))
                .sorted(PRECEDENCE)
                .toList();
    }

    /**
     * Whether {@code member}'s item {@code name} is left out because a member of higher precedence
     * lists the same outward name; {@code names} gives a member's own names (only asked of members
     * whose prefix could clash).
     */
    public static Optional<Prefixed> shadowedBy(
            List<Prefixed> members,
            Prefixed member,
            String name,
            Function<Prefixed, Set<String>> names) {
        String outward = outward(member, name);
        for (Prefixed rival : candidates(members, outward)) {
            if (rival.equals(member)) {
                return Optional.empty();
            }
            if (names.apply(rival).contains(outward.substring(rival.prefix().length()))) {
                return Optional.of(rival);
            }
        }
        return Optional.empty();
    }

    /**
     * The member that owns {@code outward} and its own name there; empty when no prefix matches.
     * With one candidate no list is needed; with several, the first in precedence that lists it
     * owns it (the first candidate when none does, so its server answers about the unknown name).
     */
    public static Optional<Owner> owner(
            List<Prefixed> members, String outward, Function<Prefixed, Set<String>> names) {
        List<Prefixed> candidates = candidates(members, outward);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Prefixed chosen = candidates.get(0);
        if (candidates.size() > 1) {
            for (Prefixed candidate : candidates) {
                if (names.apply(candidate)
                        .contains(outward.substring(candidate.prefix().length()))) {
                    chosen = candidate;
                    break;
                }
            }
        }
        return Optional.of(new Owner(chosen, outward.substring(chosen.prefix().length())));
    }

    /**
     * Where a name goes.
     *
     * @param member the owning member
     * @param name the name on that member's server
     */
    public record Owner(Prefixed member, String name) {}
}
