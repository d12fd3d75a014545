package io.reflow.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loopback forwarder relays bytes both ways and refuses when there is no backend. */
class LoopbackForwarderTest {

    @Test
    void relaysBytesBothWaysToTheBackend() throws IOException {
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> echoOnce(echo));
            InetSocketAddress backend = (InetSocketAddress) echo.getLocalSocketAddress();
            try (LoopbackForwarder forwarder =
                            LoopbackForwarder.start(
                                    InetAddress.getByName("127.0.0.1"),
                                    0,
                                    () -> Optional.of(backend));
                    Socket socket = new Socket()) {
                socket.connect(forwarder.address(), 1000);
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = socket.getInputStream().readNBytes(5);
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            }
        }
    }

    @Test
    void closesConnectionWhenNoBackendIsReady() throws IOException {
        try (LoopbackForwarder forwarder =
                        LoopbackForwarder.start(
                                InetAddress.getByName("127.0.0.1"), 0, Optional::empty);
                Socket socket = new Socket()) {
            socket.connect(forwarder.address(), 1000);
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void rejectsNonLoopbackAddress() throws IOException {
        InetAddress outside = InetAddress.getByName("10.0.0.1");
        assertThatThrownBy(() -> LoopbackForwarder.start(outside, 0, Optional::empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address");
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket socket = server.accept();
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // Test ended.
        }
    }
}
