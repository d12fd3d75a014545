package io.reflow.gateway.proxy.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TCP (or TLS) connection to an origin, used by one request at a time. Blocking streams on a
 * {@link SocketChannel}, whose non-blocking mode allows a cheap liveness check before reuse.
 */
final class UpstreamConnection {

    private static final Logger LOG = Logger.getLogger(UpstreamConnection.class.getName());
    private static final int BUFFER_SIZE = 16 * 1024;

    /**
     * Requests up to this size go out without a watchdog: the kernel's send buffer (16 KiB at the
     * least on Linux) takes them whole, as the previous exchange on the connection was answered.
     */
    private static final int UNBLOCKED_WRITE = 8 * 1024;

    private final Origin origin;
    private final SocketChannel channel;
    private final ConnectionInput input;
    private final OutputStream output;
    private boolean reused;
    private long idleDeadline;

    private UpstreamConnection(Origin origin, SocketChannel channel, Socket socket)
            throws IOException {
        this.origin = origin;
        this.channel = channel;
        this.input = new ConnectionInput(socket, BUFFER_SIZE);
        this.output = socket.getOutputStream();
    }

    /**
     * Connects to {@code origin} within {@code connectTimeout} (TCP connect, and the TLS handshake
     * for https). Throws {@link SocketTimeoutException} on timeout and {@link ConnectException}
     * when the host cannot be resolved or reached.
     *
     * @param tls the factory of TLS sockets; used, and then required, for https only
     */
    static UpstreamConnection open(Origin origin, Duration connectTimeout, SSLSocketFactory tls)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(origin.socketHost(), origin.port());
        if (address.isUnresolved()) {
            throw new ConnectException("cannot resolve host " + origin.socketHost());
        }
        int timeoutMillis = millis(connectTimeout);
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connect(channel, address, timeoutMillis, origin);
            Socket socket =
                    origin.secure()
                            ? handshake(channel.socket(), origin, timeoutMillis, tls)
                            : channel.socket();
            return new UpstreamConnection(origin, channel, socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void connect(
            SocketChannel channel, InetSocketAddress address, int timeoutMillis, Origin origin)
            throws IOException {
        try {
            channel.socket().connect(address, timeoutMillis);
        } catch (SocketTimeoutException | ConnectException e) {
            throw e;
        } catch (IOException e) {
            // Unreachable network or host and the like: the upstream cannot be reached.
            ConnectException unreachable =
                    new ConnectException("cannot connect to " + origin + ": " + e.getMessage());
            unreachable.initCause(e);
            throw unreachable;
        }
    }

    /** TLS over the connected socket, with SNI and host name verification. */
    private static Socket handshake(
            Socket plain, Origin origin, int timeoutMillis, SSLSocketFactory factory)
            throws IOException {
        SSLSocket tls =
                (SSLSocket) factory.createSocket(plain, origin.socketHost(), origin.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!origin.ipLiteral()) {
            parameters.setServerNames(List.of(new SNIHostName(origin.socketHost())));
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(timeoutMillis);
        tls.startHandshake();
        tls.setSoTimeout(0);
        return tls;
    }

    Origin origin() {
        return origin;
    }

    ConnectionInput input() {
        return input;
    }

    /**
     * Sends {@code request} in one write. A request small enough for the socket's send buffer
     * cannot block; a larger one that the server does not read within {@code timeout} closes the
     * connection and throws {@link WriteTimeoutException}.
     */
    void send(byte[] request, Duration timeout, WriteWatchdog watchdog) throws IOException {
        if (request.length <= UNBLOCKED_WRITE) {
            output.write(request);
            output.flush();
            return;
        }
        WriteWatchdog.Guard guard = watchdog.guard(this::close, timeout);
        try {
            output.write(request);
            output.flush();
        } catch (IOException e) {
            if (guard.fired()) {
                throw new WriteTimeoutException(
                        "upstream did not accept the request within " + timeout, e);
            }
            throw e;
        } finally {
            guard.cancel();
        }
    }

    /** Whether this connection served a request before. */
    boolean reused() {
        return reused;
    }

    /**
     * Marks the connection idle in the pool until {@code deadlineNanos} ({@link System#nanoTime}).
     */
    void idleUntil(long deadlineNanos) {
        reused = true;
        idleDeadline = deadlineNanos;
    }

    /** Whether its idle time ran out at {@code nowNanos}. */
    boolean idleExpired(long nowNanos) {
        return nowNanos - idleDeadline >= 0;
    }

    /**
     * Whether the idle connection can take a request: the server has not closed it (a read would
     * return -1) and sent nothing unasked. Reads without blocking.
     */
    boolean alive() {
        if (input.hasBuffered() || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the connection; the server sees the end of the stream (or a reset). */
    void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing an upstream connection failed", e);
        }
    }

    private static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
