package io.reflow.testing.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP forwarder listening on a loopback address that relays every connection to the address
 * {@code target} names at connect time (blocking sockets, one virtual thread per direction).
 *
 * <p>It stands in for a Service's ClusterIP in tests: when {@code target} is empty (no ready
 * backend), a connection is accepted and closed at once, as kube-proxy rejects a Service without
 * endpoints.
 */
public final class LoopbackForwarder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoopbackForwarder.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int BUFFER_SIZE = 16 * 1024;

    private final ServerSocket server;
    private final Supplier<Optional<InetSocketAddress>> target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LoopbackForwarder(ServerSocket server, Supplier<Optional<InetSocketAddress>> target) {
        this.server = server;
        this.target = target;
    }

    /**
     * Binds {@code address:port} (a loopback address; port 0 picks a free one) and starts relaying
     * to whatever {@code target} returns for each new connection.
     */
    public static LoopbackForwarder start(
            InetAddress address, int port, Supplier<Optional<InetSocketAddress>> target) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "address: " + address + " is not a loopback address (127.0.0.0/8)");
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), 128);
            LoopbackForwarder forwarder = new LoopbackForwarder(server, target);
            Thread.ofVirtual()
                    .name("forwarder-accept-" + address.getHostAddress() + ":" + port)
                    .start(forwarder::acceptLoop);
            return forwarder;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind " + address.getHostAddress() + ":" + port, e);
        }
    }

    /** The address and port this forwarder listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Number of client connections currently relayed. */
    public int openConnections() {
        return open.size() / 2;
    }

    /** Stops listening and cuts every relayed connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(LoopbackForwarder::closeQuietly);
        open.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().name("forwarder-conn").start(() -> relay(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed on " + address(), e);
                }
                return;
            }
        }
    }

    private void relay(Socket client) {
        Optional<InetSocketAddress> backend = target.get();
        if (backend.isEmpty()) {
            closeQuietly(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(backend.get(), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (closed) {
            close();
            return;
        }
        Thread.ofVirtual().name("forwarder-up").start(() -> pump(client, upstream));
        pump(upstream, client);
    }

    /** Copies {@code from} to {@code to} until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException endOfConnection) {
            // Either side closed or reset: tear down both below.
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing on teardown: nothing to report.
        }
    }
}
