package io.reflow.testing.controlplane;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the control-plane binaries, which take a port number and cannot be handed a bound
 * socket. Chosen below Linux's ephemeral range (32768-60999) so no outgoing connection takes one
 * between the check here and the binary's bind; a binary that still finds its port taken is started
 * again on another.
 */
final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;

    private FreePorts() {}

    /** A loopback port in 20000-31999 that nothing listens on right now. */
    static int belowEphemeralRange() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // Try another one.
            }
        }
        throw new IllegalStateException("no free loopback port in " + LOWEST + "-" + HIGHEST);
    }
}
