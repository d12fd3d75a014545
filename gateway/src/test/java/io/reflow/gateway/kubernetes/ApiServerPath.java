package io.reflow.gateway.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP path to the API server that a test can cut or slow down, on a loopback port of its own
 * (bound once, port 0). The API server speaks TLS end to end through it: faults are at the
 * connection level, as a broken network or an overloaded server shows them.
 *
 * <ul>
 *   <li>{@link #cut()}: every open connection is reset and new ones are reset at once, as when the
 *       API server is down or unreachable;
 *   <li>{@link #delay(Duration)}: every chunk of bytes the API server sends waits that long first,
 *       as a slow server;
 *   <li>{@link #restore()}: back to a straight path.
 * </ul>
 */
final class ApiServerPath implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile long delayMillis;
    private volatile boolean closed;

    private ApiServerPath(URI apiServer) throws IOException {
        this.target = new InetSocketAddress(apiServer.getHost(), apiServer.getPort());
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("api-path-accept").start(this::acceptLoop);
    }

    /** A path to {@code apiServer} ({@code https://127.0.0.1:PORT}). */
    static ApiServerPath to(URI apiServer) {
        try {
            return new ApiServerPath(apiServer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to give a client instead of the API server's. */
    String url() {
        return "https://127.0.0.1:" + listener.getLocalPort();
    }

    /** Resets every connection and every new one until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(ApiServerPath::reset);
    }

    /** Delays every chunk the API server sends by {@code delay}. */
    void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** A straight path again. */
    void restore() {
        delayMillis = 0;
        cut = false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        open.forEach(ApiServerPath::reset);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                reset(client);
                continue;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 2_000);
        } catch (IOException e) {
            reset(client);
            return;
        }
        open.add(client);
        open.add(server);
        Thread.ofVirtual().start(() -> pump(client, server, false));
        Thread.ofVirtual().start(() -> pump(server, client, true));
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long delay = delayMillis;
                if (fromServer && delay > 0) {
                    Thread.sleep(delay); // The fault itself: a slow API server.
                }
                if (cut) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The other side or the test closed the connection.
        } finally {
            open.remove(from);
            open.remove(to);
            reset(from);
            reset(to);
        }
    }

    /** Closes with an RST rather than a FIN, as a dead peer or a broken path does. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }
}
