package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host and Origin checks of a loopback-bound gateway with empty allow lists. */
class RequestGuardTest {

    private static final RequestGuard LOOPBACK_GUARD =
            new RequestGuard(
                    new GatewayConfig.Server(
                            "127.0.0.1",
                            8080,
                            List.of(),
                            List.of(),
                            65536,
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(30),
                            16,
                            64L << 20,
                            64,
                            1_000_000,
                            Duration.ofSeconds(15),
                            Duration.ofMinutes(10)));

    @ParameterizedTest(name = "Host {0} -> {1}")
    @CsvSource({
        "localhost, accepted",
        "LOCALHOST:8080, accepted",
        "127.0.0.1, accepted",
        "127.0.0.1:8080, accepted",
        "127.255.3.4:1, accepted",
        "[::1], accepted",
        "[::1]:8080, accepted",
        "[0:0:0:0:0:0:0:1]:80, accepted",
        "[::ffff:127.0.0.1]:8080, accepted",
        "127.0.0.1.evil.com, refused",
        "127.0.0.1.evil.com:8080, refused",
        "localhost.evil.com, refused",
        "localhost.evil.com:8080, refused",
        "127.evil.com, refused",
        "127.0.0.1.nip.io, refused",
        "127.0.0.256, refused",
        "127.1, refused",
        "0x7f.0.0.1, refused",
        "[::1].evil.com, refused",
        "[::2], refused",
        "10.0.0.1, refused",
        "example.com, refused",
        "127.0.0.1:0, refused",
        "127.0.0.1:65536, refused",
        "127.0.0.1:80:80, refused",
        "127.0.0.1:x, refused",
        "'', refused",
    })
    void acceptsOnlyExactLoopbackHosts(String host, String expected) {
        Optional<String> refusal = LOOPBACK_GUARD.check(Optional.of(host), Optional.empty());
        assertThat(refusal.isEmpty() ? "accepted" : "refused").as(host).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Origin {0} -> {1}")
    @CsvSource({
        "http://localhost, accepted",
        "http://localhost:3000, accepted",
        "https://127.0.0.1:8443, accepted",
        "http://[::1]:6274, accepted",
        "http://127.0.0.1.attacker.net, refused",
        "http://127.0.0.1.attacker.net:8080, refused",
        "http://localhost.attacker.net, refused",
        "http://localhost@attacker.net, refused",
        "http://attacker.net#@localhost, refused",
        "http://10.1.2.3, refused",
        "null, refused",
        "http://localhost:99999, refused",
    })
    void acceptsOnlyLoopbackOrigins(String origin, String expected) {
        Optional<String> refusal =
                LOOPBACK_GUARD.check(Optional.of("127.0.0.1:8080"), Optional.of(origin));
        assertThat(refusal.isEmpty() ? "accepted" : "refused").as(origin).isEqualTo(expected);
    }
}
