package io.reflow.gateway.proxy.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on loopback for client tests: it reads each request (head and {@code
 * Content-Length} body) and answers with the next scripted reply, byte for byte. It counts the
 * connections it accepted and those the client closed, so tests see reuse and closing from the
 * server's side.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does for one request. */
    @FunctionalInterface
    interface Reply {

        /** Answers on {@code socket}; closing it ends the connection. */
        void answer(Socket socket, OutputStream out) throws Exception;
    }

    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();

    private final ServerSocket server;
    private final String scheme;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ScriptedServer(ServerSocket server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A plain HTTP server on an ephemeral loopback port. */
    static ScriptedServer start() throws IOException {
        return new ScriptedServer(
                new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http");
    }

    /** A server on {@code socket}, e.g. a TLS server socket. */
    static ScriptedServer start(ServerSocket socket, String scheme) {
        return new ScriptedServer(socket, scheme);
    }

    /** Queues {@code raw} as the answer to a later request. */
    ScriptedServer reply(String raw) {
        return reply((socket, out) -> write(out, raw));
    }

    /** Queues a scripted answer. */
    ScriptedServer reply(Reply reply) {
        replies.add(reply);
        return this;
    }

    /** The URL of {@code path} on this server, reached as {@code host}. */
    URI uri(String host, String path) {
        return URI.create(scheme + "://" + host + ":" + server.getLocalPort() + path);
    }

    /** The URL of {@code path} on this server by its loopback address. */
    URI uri(String path) {
        return uri("127.0.0.1", path);
    }

    static void write(OutputStream out, String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                sockets.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    closedByClient.incrementAndGet();
                    return;
                }
                requests.add(request);
                Reply reply = replies.poll(10, TimeUnit.SECONDS);
                if (reply == null) {
                    return;
                }
                reply.answer(socket, out);
                if (socket.isClosed()) {
                    return;
                }
            }
        } catch (IOException e) {
            // A reset: the client closed the connection with data unread.
            if (!socket.isClosed() || !server.isClosed()) {
                closedByClient.incrementAndGet();
            }
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request head and body as text, or null when the client closed the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        } while (b != '\n' || !head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n"));
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
