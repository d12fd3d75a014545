package io.reflow.gateway.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildProcessPartsTest {

    @Test
    void childInheritsOnlyTheAllowListOfTheGatewayEnvironment() {
        Map<String, String> env =
                ChildEnvironment.of(
                        Map.of(
                                "PATH", "/usr/bin",
                                "HOME", "/home/g",
                                "LC_ALL", "C.UTF-8",
                                "JWT_SECRET", "s3cret",
                                "ENCRYPTION_KEY", "k3y"),
                        Map.of("API_KEY", "user-key", "PATH", "/opt/bin"));
        assertThat(env)
                .containsOnlyKeys("PATH", "HOME", "LC_ALL", "API_KEY")
                .containsEntry("PATH", "/opt/bin");
    }

    @Test
    void readsLinesUpToTheLimitAndRefusesLongerOnes() throws IOException {
        BoundedLineReader reader = reader("{\"a\":1}\r\n{\"b\":2}\nabcdefghijk\n", 10);
        assertThat(text(reader.next())).isEqualTo("{\"a\":1}");
        assertThat(text(reader.next())).isEqualTo("{\"b\":2}");
        assertThatThrownBy(reader::next).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void returnsTheLastUnterminatedLineThenTheEnd() throws IOException {
        BoundedLineReader reader = reader("one\ntwo", 10);
        assertThat(text(reader.next())).isEqualTo("one");
        assertThat(text(reader.next())).isEqualTo("two");
        assertThat(reader.next()).isNull();
    }

    @Test
    void masksEnvValuesInStderrLines() {
        StderrLog log = new StderrLog("t", "abc", List.of("supersecret", "ab"));
        assertThat(log.masked("token=supersecret ab")).isEqualTo("token=**** ab");
    }

    private static BoundedLineReader reader(String text, int max) {
        return new BoundedLineReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }
}
