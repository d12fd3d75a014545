package io.reflow.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a real server that keeps a copy of every byte clients sent it:
 * what a test reads to know which messages reached that server (the HTTP requests in plain text).
 */
final class WireTap implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final StringBuffer sent = new StringBuffer();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private WireTap(ServerSocket listener, InetSocketAddress server) {
        this.listener = listener;
        this.server = server;
    }

    /** Starts relaying a free loopback port to {@code port} on loopback. */
    static WireTap to(int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            WireTap tap =
                    new WireTap(
                            listener,
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread.ofVirtual().start(tap::accept);
            return tap;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code path} on the tap, e.g. {@code /mcp}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** Every byte clients sent so far, as text. */
    String sent() {
        return sent.toString();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(server.getAddress(), server.getPort());
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, true));
                Thread.ofVirtual().start(() -> pipe(upstream, client, false));
            } catch (IOException e) {
                return; // Closed.
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean record) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (record) {
                    sent.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed: the other follows.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Already closed.
        }
        for (Socket socket : Set.copyOf(open)) {
            closeQuietly(socket);
        }
    }
}
