package io.reflow.gateway.stdio;

import io.reflow.gateway.config.StdioConfig;
import io.reflow.gateway.logging.LogContext;
import io.reflow.gateway.proxy.UpstreamUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Every stdio process of the gateway: started on demand up to {@code max_processes}, shared by key
 * where the target allows it, collected when idle or past their lifetime, and all stopped when the
 * gateway stops.
 */
final class ProcessPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProcessPool.class.getName());

    private final StdioConfig config;
    private final Clock clock;
    private final Map<String, Channel> byId = new ConcurrentHashMap<>();
    // Processes that several sessions share, by target and subject key.
    private final Map<String, Channel> shared = new ConcurrentHashMap<>();
    // The subject key each process serves, by process id: the instances API shows its hash.
    private final Map<String, String> subjects = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private boolean closed;
    // The newest activity collect() has reported; only the collector thread uses it.
    private Instant activitySeen = Instant.MIN;

    ProcessPool(StdioConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The clock idleness and lifetime are measured with. */
    Clock clock() {
        return clock;
    }

    /**
     * The process of {@code shareKey} when one runs, else a new one; a null key always starts one.
     *
     * @throws UpstreamUnavailableException 503 with Retry-After at {@code max_processes}, 502 when
     *     the command cannot be started
     */
    synchronized Channel acquire(
            String target, String subjectKey, String shareKey, Channel.Opener opener) {
        if (closed) {
            throw new UpstreamUnavailableException(503, "the gateway is shutting down", null);
        }
        if (shareKey != null) {
            Channel running = shared.get(shareKey);
            if (running != null) {
                return running;
            }
        }
        if (byId.size() >= config.maxProcesses()) {
            throw new UpstreamUnavailableException(
                    503,
                    "the gateway runs "
                            + byId.size()
                            + " stdio processes, its limit (stdio.max_processes); retry later",
                    config.gcInterval());
        }
        Channel started;
        try {
            started = opener.open(p -> exited(p, shareKey));
        } catch (IOException e) {
            throw new UpstreamUnavailableException(
                    502,
                    "could not start the server process of target '"
                            + target
                            + "': "
                            + e.getMessage(),
                    null,
                    e);
        }
        subjects.put(started.id(), subjectKey);
        byId.put(started.id(), started);
        if (shareKey != null) {
            shared.put(shareKey, started);
        }
        changed();
        return started;
    }

    Optional<Channel> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every running process. */
    List<Channel> all() {
        return List.copyOf(byId.values());
    }

    /** The subject key that process serves, or null once it has exited. */
    String subjectKey(Channel p) {
        return subjects.get(p.id());
    }

    /** Calls {@code listener} after a process started or exited. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    int size() {
        return byId.size();
    }

    /**
     * Stops the processes idle for {@code stdio.idle_ttl} or older than {@code max_lifetime}, and
     * tells the listeners when a process saw activity since the last run: requests themselves never
     * notify (one per request would flood every listener), so activity reaches them at most once
     * per {@code gc_interval}.
     */
    void collect() {
        Instant now = clock.instant();
        boolean active = false;
        Instant newest = activitySeen;
        for (Channel p : byId.values()) {
            Instant activity = p.lastActivity();
            active |= activity.isAfter(activitySeen);
            newest = activity.isAfter(newest) ? activity : newest;
            Duration idle = Duration.between(p.lastActivity(), now);
            Duration age = Duration.between(p.startedAt(), now);
            if (idle.compareTo(config.idleTtl()) >= 0) {
                retire(p, "idle for " + idle.toSeconds() + "s (stdio.idle_ttl)");
            } else if (age.compareTo(config.maxLifetime()) >= 0) {
                retire(p, "running for " + age.toSeconds() + "s (stdio.max_lifetime)");
            }
        }
        // The newest activity read, not the clock: a request touching a process while this runs,
        // at the instant just read (a clock that does not move between them), is seen next time.
        activitySeen = newest;
        if (active) {
            changed();
        }
    }

    /** Stops every process of a target; returns how many. */
    int stopTarget(String target, String reason) {
        List<Channel> of = byId.values().stream().filter(p -> p.target().equals(target)).toList();
        of.forEach(p -> retire(p, reason));
        return of.size();
    }

    /** Stops a process; no new session joins it meanwhile. */
    void retire(Channel p, String reason) {
        shared.values().remove(p);
        p.stop(reason);
    }

    private void exited(Channel p, String shareKey) {
        byId.remove(p.id());
        subjects.remove(p.id());
        if (shareKey != null) {
            shared.remove(shareKey, p);
        }
        changed();
    }

    /** Stops every process and waits for them to exit. */
    @Override
    public void close() {
        List<Channel> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(byId.values());
        }
        all.forEach(p -> p.stop("the gateway is stopping"));
        for (Channel p : all) {
            if (!p.awaitExit(StdioProcess.STOP_GRACE.plusSeconds(1))) {
                LogContext.with(
                        p.target(),
                        null,
                        () ->
                                LOG.warning(
                                        "a channel of target "
                                                + p.target()
                                                + " did not end in time"));
            }
        }
    }
}
