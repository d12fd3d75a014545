package io.reflow.gateway.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.target.Target;
import io.reflow.mcp.api.TransportType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * {@code initialize} of {@code /mcp}: the client's initialize request sent to every target at once
 * (one virtual thread each), each bounded by its timeout (a kubernetes target's includes its
 * startup timeout). A target the caller may not use (403) or that is gone (404) is left out
 * silently; one that fails or is late is left out with a warning and counted.
 */
final class Initializer {

    private static final Logger LOG = Logger.getLogger(Initializer.class.getName());

    /** The longest a target may take to answer initialize, before a kubernetes start-up. */
    static final Duration INITIALIZE_TIMEOUT = Duration.ofSeconds(30);

    private final Calls calls;
    private final Duration readTimeout;
    private final Duration kubernetesStartup;
    private final AggregateMetrics metrics;

    /**
     * Each target must answer within {@code server.read_timeout} or {@link #INITIALIZE_TIMEOUT},
     * whichever is shorter (a session must not wait minutes for one hung target), a kubernetes
     * target also within {@code kubernetesStartup}.
     */
    Initializer(
            Calls calls,
            Duration readTimeout,
            Duration kubernetesStartup,
            AggregateMetrics metrics) {
        this.calls = calls;
        this.readTimeout = readTimeout;
        this.kubernetesStartup = kubernetesStartup;
        this.metrics = metrics;
    }

    /**
     * A target that joined.
     *
     * @param member its name and per-target session id
     * @param result its initialize result
     */
    record Joined(AggregateSessions.Member member, JsonNode result) {}

    /** The targets that joined, in the order of their names. */
    List<Joined> open(Caller caller, List<Target> targets, byte[] initialize) {
        List<Target> sorted = targets.stream().sorted(Comparator.comparing(Target::name)).toList();
        List<Future<Joined>> answers = new ArrayList<>();
        List<AtomicReference<InnerStream>> streams = new ArrayList<>();
        List<Joined> joined = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Target target : sorted) {
                AtomicReference<InnerStream> stream = new AtomicReference<>();
                streams.add(stream);
                answers.add(threads.submit(() -> join(caller, target, initialize, stream)));
            }
            long deadline = System.nanoTime();
            for (int i = 0; i < sorted.size(); i++) {
                Target target = sorted.get(i);
                long wait = deadline + timeout(target).toNanos() - System.nanoTime();
                try {
                    Joined one = answers.get(i).get(Math.max(0, wait), TimeUnit.NANOSECONDS);
                    if (one != null) {
                        joined.add(one);
                    }
                } catch (TimeoutException e) {
                    skip(target.name(), "timeout", "no answer within " + timeout(target));
                    answers.get(i).cancel(true);
                    Optional.ofNullable(streams.get(i).get()).ifPresent(InnerStream::abort);
                } catch (ExecutionException e) {
                    skip(target.name(), "error", String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return joined;
    }

    private Joined join(
            Caller caller, Target target, byte[] initialize, AtomicReference<InnerStream> holder) {
        try (InnerStream stream =
                calls.open(caller, target.name(), "", "POST", initialize, timeout(target))) {
            holder.set(stream);
            String session = stream.header("mcp-session-id").orElse("");
            JsonNode message;
            while ((message = stream.next()) != null) {
                if (message.has("result")) {
                    return new Joined(
                            new AggregateSessions.Member(target.name(), session),
                            message.get("result"));
                }
                if (message.has("error")) {
                    skip(target.name(), "error", message.path("error").path("message").asText());
                    return null;
                }
            }
            skip(target.name(), "error", "the answer ended before the initialize result");
        } catch (InnerFailure e) {
            if (Thread.currentThread().isInterrupted()) {
                return null; // Late: already counted as a timeout.
            }
            if (e.notUsable()) {
                LOG.fine(() -> "target " + target.name() + " left out: " + e.getMessage());
            } else {
                skip(target.name(), e.reason(), e.getMessage());
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            skip(target.name(), "error", "answer broke (" + e.getClass().getSimpleName() + ")");
        }
        return null;
    }

    private void skip(String target, String reason, String why) {
        metrics.skipped(target, reason);
        LOG.warning("target " + target + " left out of an /mcp session: " + why);
    }

    /** How long a target may take to answer initialize. */
    private Duration timeout(Target target) {
        Duration answer =
                readTimeout.compareTo(INITIALIZE_TIMEOUT) < 0 ? readTimeout : INITIALIZE_TIMEOUT;
        return target.transportType() == TransportType.KUBERNETES
                ? answer.plus(kubernetesStartup)
                : answer;
    }
}
