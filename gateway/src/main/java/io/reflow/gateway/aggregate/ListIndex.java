package io.reflow.gateway.aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What this replica learnt from the lists of each aggregate session: which target listed which
 * resource URI and template (to route {@code resources/read}), and a target's whole name list when
 * a clash had to be decided. Bounded (least recently used dropped first); another replica learns
 * the same from its own lists or falls back to asking the targets in order.
 */
final class ListIndex {

    private static final int MAX_ENTRIES = 20_000;
    private static final Duration NAMES_TTL = Duration.ofSeconds(30);

    private final Clock clock;
    // Guarded by itself; keys are "<session>\n<kind>\n<key>".
    private final LinkedHashMap<String, Known> entries =
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                    return size() > MAX_ENTRIES;
                }
            };

    private record Known(String target, Set<String> names, Pattern template, Instant at) {}

    ListIndex(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records that {@code target} listed resource {@code uri}; a URI two targets list stays with
     * the first (lists go through the targets in the order of their names).
     */
    void resource(String session, String target, String uri) {
        putFirst(session + "\nr\n" + uri, new Known(target, null, null, clock.instant()));
    }

    /** Records that {@code target} listed resource template {@code template}, as above. */
    void template(String session, String target, String template) {
        putFirst(
                session + "\nt\n" + template,
                new Known(target, null, UriTemplates.pattern(template), clock.instant()));
    }

    /** The target that listed {@code uri}, as resource or by a matching template. */
    Optional<String> ownerOf(String session, String uri) {
        synchronized (entries) {
            Known exact = entries.get(session + "\nr\n" + uri);
            if (exact != null) {
                return Optional.of(exact.target());
            }
            Known template = entries.get(session + "\nt\n" + uri);
            if (template != null) {
                return Optional.of(template.target());
            }
            String prefix = session + "\nt\n";
            for (Map.Entry<String, Known> e : List.copyOf(entries.entrySet())) {
                if (e.getKey().startsWith(prefix)
                        && e.getValue().template().matcher(uri).matches()) {
                    return Optional.of(e.getValue().target());
                }
            }
        }
        return Optional.empty();
    }

    /** A target's names of one kind, if learnt within the last 30 s. */
    Optional<Set<String>> names(String session, String kind, String target) {
        synchronized (entries) {
            Known entry = entries.get(session + "\nn" + kind + "\n" + target);
            if (entry == null || entry.at().plus(NAMES_TTL).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(entry.names());
        }
    }

    /** Records a target's whole name list of one kind. */
    void names(String session, String kind, String target, Set<String> names) {
        put(
                session + "\nn" + kind + "\n" + target,
                new Known(target, Set.copyOf(names), null, clock.instant()));
    }

    private void putFirst(String key, Known entry) {
        synchronized (entries) {
            entries.putIfAbsent(key, entry);
        }
    }

    private void put(String key, Known entry) {
        synchronized (entries) {
            entries.put(key, entry);
        }
    }
}
