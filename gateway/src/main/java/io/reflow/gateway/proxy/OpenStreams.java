package io.reflow.gateway.proxy;

import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The response bodies being relayed from upstreams to clients. A clock thread looks at each one
 * every half keep-alive interval: an SSE stream with nothing written for the interval gets a
 * comment ({@code : keepalive}), so a departed client makes a write fail even while the upstream is
 * silent; a body the upstream left silent for the idle timeout is ended. Either way the upstream
 * connection is closed, which ends the relaying thread's blocked read, so its limiter slot and
 * connection are released. Open streams also keep their instance's activity heartbeat going.
 *
 * <p>A write to a client that left fails with an {@link IOException}, or, since Helidon 4.5, with
 * Helidon's {@link CloseConnectionException} (a {@code ServerConnectionException} wrapping it).
 */
final class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class.getName());

    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
    // The last bytes written: a comment may only go between events (after a blank line).
    private static final int LF_LF = ('\n' << 8) | '\n';
    private static final int CRLF_CRLF = ('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n';

    private final long keepAliveNanos;
    private final long idleNanos;
    private final Set<Relay> open = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor clock;

    /**
     * Streams kept alive every {@code keepAlive} and ended after {@code idleTimeout} of silence.
     */
    OpenStreams(Duration keepAlive, Duration idleTimeout) {
        this.keepAliveNanos = keepAlive.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        // One daemon thread per gateway, for its lifetime.
        this.clock =
                new ScheduledThreadPoolExecutor(
                        1, Thread.ofPlatform().daemon().name("stream-keepalive").factory());
        long period = Math.max(1, Math.min(keepAlive.toMillis(), idleTimeout.toMillis()) / 2);
        clock.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts relaying to {@code client}.
     *
     * @param sse whether the body is an SSE stream, where comments may be added
     * @param abort closes the upstream connection from any thread
     * @param activity notes that the upstream is in use
     */
    Relay open(OutputStream client, boolean sse, Runnable abort, Runnable activity) {
        Relay relay = new Relay(client, sse, abort, activity);
        open.add(relay);
        return relay;
    }

    /** How many bodies are being relayed now. */
    int size() {
        return open.size();
    }

    private void tick() {
        long now = System.nanoTime();
        for (Relay relay : open) {
            try {
                if (now - relay.lastRead >= idleNanos) {
                    relay.end(Relay.Ending.UPSTREAM_IDLE);
                } else if (relay.sse && now - relay.lastWrite >= keepAliveNanos) {
                    // A write to a slow client may block: never on this thread.
                    Thread.ofVirtual().start(relay::keepAlive);
                }
                relay.activity.run();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: one stream must not stop all.
                LOG.log(Level.WARNING, "stream watch failed for one stream", e);
            }
        }
    }

    /** One body being relayed; writes to the client go through it. */
    final class Relay implements AutoCloseable {

        /** Why a relay ended before the upstream's body did. */
        enum Ending {
            NONE,
            CLIENT_GONE,
            UPSTREAM_IDLE
        }

        private final OutputStream client;
        private final boolean sse;
        private final Runnable abort;
        private final Runnable activity;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile long lastRead;
        private volatile long lastWrite;
        private volatile Ending ending = Ending.NONE;
        private int tail = CRLF_CRLF;

        private Relay(OutputStream client, boolean sse, Runnable abort, Runnable activity) {
            this.client = client;
            this.sse = sse;
            this.abort = abort;
            this.activity = activity;
            long now = System.nanoTime();
            this.lastRead = now;
            this.lastWrite = now;
        }

        /** Writes and flushes bytes read from the upstream; false when the client is gone. */
        boolean forward(byte[] bytes, int length) {
            lastRead = System.nanoTime();
            lock.lock();
            try {
                client.write(bytes, 0, length);
                client.flush();
                for (int i = Math.max(0, length - 4); i < length; i++) {
                    tail = (tail << 8) | (bytes[i] & 0xff);
                }
                lastWrite = System.nanoTime();
                return true;
            } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                ending = Ending.CLIENT_GONE;
                return false;
            } finally {
                lock.unlock();
            }
        }

        /** Sends the response head now, before the first body byte; false when the client left. */
        boolean flushHead() {
            lock.lock();
            try {
                client.flush();
                return true;
            } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                ending = Ending.CLIENT_GONE;
                return false;
            } finally {
                lock.unlock();
            }
        }

        /** Why the relay ended early, or {@link Ending#NONE}. */
        Ending ending() {
            return ending;
        }

        private void keepAlive() {
            // Skipped while a forward is writing, or in the middle of an event.
            if (!lock.tryLock()) {
                return;
            }
            try {
                if ((tail & 0xffff) != LF_LF && tail != CRLF_CRLF) {
                    return;
                }
                client.write(KEEPALIVE);
                client.flush();
                tail = LF_LF;
                lastWrite = System.nanoTime();
            } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                end(Ending.CLIENT_GONE);
            } finally {
                lock.unlock();
            }
        }

        private void end(Ending why) {
            if (ending == Ending.NONE) {
                ending = why;
            }
            abort.run();
        }

        /** Stops watching this body. */
        @Override
        public void close() {
            open.remove(this);
        }
    }
}
