package io.reflow.gateway;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that the server's address can be bound before anything else starts, so a port already in
 * use ends start-up with one line naming it rather than a web server that logs a stack trace and
 * runs on no port.
 */
final class FreePort {

    private FreePort() {}

    /**
     * Binds and releases {@code host:port} (nothing to check for port 0).
     *
     * @throws PortInUseException when another process listens there
     */
    static void ensure(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As the web server binds: a port left in TIME_WAIT by a stopped gateway is free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new PortInUseException(host, port);
        } catch (IOException e) {
            // Anything else (an unknown host, say) is the web server's to report.
        }
    }

    /** The server's port is taken. */
    static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String host, int port) {
            super(
                    "port "
                            + port
                            + " on "
                            + host
                            + " is already in use (another gateway?): stop that process, or choose"
                            + " another port with REFLOW_PORT or server.port");
        }
    }
}
